// DuckDB side of the import benchmark: CSV -> Parquet (ZSTD) with read_csv_auto, at a given
// thread count; prints {"ms": wall time, "rows": row count}.
// usage: node import_peers.mjs CSV OUT.parquet THREADS
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'tests', 'peers', 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const [csv, out, threads] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const conn = await db.connect();
const q = (s) => s.replaceAll("'", "''");
const t0 = performance.now();
await conn.run(`COPY (SELECT * FROM read_csv_auto('${q(csv)}')) TO '${q(out)}' (FORMAT parquet, COMPRESSION zstd)`);
const ms = performance.now() - t0;
const r = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM read_parquet('${q(out)}')`);
console.log(JSON.stringify({ ms, rows: Number(r.getRows()[0][0]) }));
