// Reads Parquet parts written by the importer with DuckDB (an independent reader) and compares
// every value, as DuckDB's VARCHAR text, with what the CSV said (expected.json, written by
// importer_duckdb_test.cpp from the CSV it generated, not from our reader).
// usage: node duckdb_check.mjs EXPECTED.json PART.parquet...
// prints "ok N" or the differences, exits 1 on any.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'peers', 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const [expectedPath, ...parts] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedPath, 'utf8'));
const db = await DuckDBInstance.create(':memory:', { threads: '1' });
const conn = await db.connect();
const list = parts.map((p) => `'${p.replaceAll("'", "''")}'`).join(', ');
const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet([${list}])`);
const names = described.getRows().map((r) => r[0]);
const types = described.getRows().map((r) => String(r[1]));
const select = names.map((n) => `CAST("${n.replaceAll('"', '""')}" AS VARCHAR)`).join(', ');
const rows = (await conn.runAndReadAll(`SELECT ${select} FROM read_parquet([${list}])`)).getRows();

let failures = 0;
const fail = (m) => {
  if (++failures <= 30) console.error('FAIL: ' + m);
};
if (JSON.stringify(names) !== JSON.stringify(expected.names))
  fail(`names ${JSON.stringify(names)} != ${JSON.stringify(expected.names)}`);
if (JSON.stringify(types) !== JSON.stringify(expected.types))
  fail(`types ${JSON.stringify(types)} != ${JSON.stringify(expected.types)}`);
if (rows.length !== expected.rows.length) fail(`rows ${rows.length} != ${expected.rows.length}`);
for (let i = 0; i < Math.min(rows.length, expected.rows.length); i++) {
  for (let c = 0; c < names.length; c++) {
    const got = rows[i][c] === null ? null : String(rows[i][c]);
    const want = expected.rows[i][c];
    if (got !== want) fail(`row ${i} column ${names[c]}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
  }
}
if (failures) {
  console.error(`${failures} differences`);
  process.exit(1);
}
console.log(`ok ${rows.length}`);
