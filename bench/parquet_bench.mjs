// Side-by-side Parquet benchmark: bi::parquet (parquet_bench binary) vs DuckDB (npm), same
// data, same run, both single-threaded. Writes the markdown section bench/results/parquet.md.
// Usage: node bench/parquet_bench.mjs <parquet_bench binary> <work dir>
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'tests', 'peers', 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const bin = process.argv[2];
const work = process.argv[3];
const REPS = Number(process.env.BENCH_REPS || 3);
const THREADS = 1;
mkdirSync(work, { recursive: true });

const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const run = (args) => JSON.parse(execFileSync(bin, args).toString());

const db = await DuckDBInstance.create(':memory:', { threads: String(THREADS) });
const conn = await db.connect();
const q = async (sql) => (await conn.runAndReadAll(sql)).getRows();
const timeSql = async (sql) => { const t0 = process.hrtime.bigint(); await q(sql); return Number(process.hrtime.bigint() - t0) / 1e6; };
const duckVersion = (await q('SELECT version()'))[0][0];

const results = [];
for (const codec of ['zstd', 'snappy']) {
  const ours = join(work, `ours_${codec}.parquet`);
  const duck = join(work, `duckdb_${codec}.parquet`);
  // Runs alternate between the two sides so load changes on the machine hit both alike.
  const oursWrite = [], duckWrite = [];
  let oursBytes = 0;
  for (let i = 0; i < REPS; i++) {
    const w = run(['write', ours, codec, '1']);
    oursWrite.push(w.ms[0]);
    oursBytes = w.bytes;
    // DuckDB writes the very same rows: load our file into an in-memory table (untimed).
    if (i === 0) await q(`CREATE OR REPLACE TABLE t AS SELECT * FROM read_parquet('${ours}')`);
    duckWrite.push(await timeSql(`COPY t TO '${duck}' (FORMAT parquet, COMPRESSION ${codec})`));
  }
  const reads = { oursReadOurs: [], oursReadDuck: [], duckReadOurs: [], duckReadDuck: [] };
  const duckRead = (f) => timeSql(`CREATE OR REPLACE TEMP TABLE r AS SELECT * FROM read_parquet('${f}')`);
  for (let i = 0; i < REPS; i++) {
    reads.oursReadOurs.push(run(['read', ours, '1']).ms[0]);
    reads.duckReadOurs.push(await duckRead(ours));
    reads.oursReadDuck.push(run(['read', duck, '1']).ms[0]);
    reads.duckReadDuck.push(await duckRead(duck));
  }
  // Sanity: both files hold the same data.
  const diff = await q(`SELECT count(*) FROM (SELECT * FROM read_parquet('${ours}') EXCEPT ALL SELECT * FROM read_parquet('${duck}'))`);
  results.push({
    codec,
    oursWrite: median(oursWrite), duckWrite: median(duckWrite),
    oursBytes, duckBytes: statSync(duck).size,
    oursReadOurs: median(reads.oursReadOurs), oursReadDuck: median(reads.oursReadDuck),
    duckReadOurs: median(reads.duckReadOurs), duckReadDuck: median(reads.duckReadDuck),
    sameData: Number(diff[0][0]) === 0,
  });
}

const f1 = (x) => x.toFixed(1);
const cpu = cpus()[0]?.model ?? 'unknown';
let md = `## Parquet writer/reader (bi::parquet vs DuckDB)\n\n`;
md += `Table: 1,000,000 rows x 10 columns (2 int64, int32, 2 double, bool, date, timestamp, 2 strings; ~5% nulls in 4 columns). `;
md += `Threads: bi::parquet 1 (single-threaded), DuckDB ${THREADS} (\`threads=${THREADS}\`). Median of ${REPS} runs, the two sides alternating within one run, no fsync on either side. `;
md += `Defaults on both sides: dictionary encoding where it pays, statistics; DuckDB row groups 122,880 rows, ours the same.\n\n`;
md += `| codec | write ours ms | write DuckDB ms | ratio (ours/DuckDB) | file ours MB | file DuckDB MB | size ratio | same data |\n|---|---|---|---|---|---|---|---|\n`;
for (const r of results) {
  md += `| ${r.codec} | ${f1(r.oursWrite)} | ${f1(r.duckWrite)} | ${(r.oursWrite / r.duckWrite).toFixed(2)} | ${(r.oursBytes / 1e6).toFixed(2)} | ${(r.duckBytes / 1e6).toFixed(2)} | ${(r.oursBytes / r.duckBytes).toFixed(3)} | ${r.sameData ? 'yes' : 'NO'} |\n`;
}
md += `\n| codec | ours reads ours ms | ours reads DuckDB's ms | DuckDB reads ours ms | DuckDB reads DuckDB's ms |\n|---|---|---|---|---|\n`;
for (const r of results) {
  md += `| ${r.codec} | ${f1(r.oursReadOurs)} | ${f1(r.oursReadDuck)} | ${f1(r.duckReadOurs)} | ${f1(r.duckReadDuck)} |\n`;
}
md += `\nReads: ours = footer + all columns into ColumnBuffers (strings materialised as offsets+bytes); DuckDB = \`CREATE TEMP TABLE AS SELECT * FROM read_parquet(...)\`.\n`;
md += `Targets (issue 5): writer within 1.5x of DuckDB's time at equal threads, files at most 10% larger.\n\n`;
md += `Machine: ${cpus().length} x ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${release()}; DuckDB ${duckVersion} (@duckdb/node-api); node ${process.version}; ${new Date().toISOString()}; load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (other work on the machine adds noise, about ±20% between runs; compare within a run).\n`;
const outDir = join(here, 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'parquet.md'), md);
console.log(md);
