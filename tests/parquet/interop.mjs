// Interop checks of bi::parquet against independent implementations (run by CTest):
//   1. DuckDB and hyparquet read every file our writer produces and return exactly the values
//      we wrote (expected.json comes from the in-memory table, not from our reader).
//   2. Our reader reads files DuckDB writes (defaults, ZSTD, Snappy, GZIP, uncompressed, small
//      row groups, plain encoding, format v2 with delta encodings and data page v2) and returns
//      what DuckDB itself reads back from them.
// Usage: node interop.mjs <interop_tool binary> [rows]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const peers = join(here, '..', 'peers');
const require = createRequire(join(peers, 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');
const { parquetReadObjects } = await import(
  pathToFileURL(join(peers, 'node_modules/hyparquet/src/index.js')).href);
const { compressors } = await import(
  pathToFileURL(join(peers, 'node_modules/hyparquet-compressors/src/index.js')).href);

const tool = process.argv[2];
const rows = Number(process.argv[3] || 12000);
const dir = mkdtempSync(join(tmpdir(), 'bi-parquet-interop-'));
let failures = 0;
let checks = 0;

function fail(msg) {
  failures++;
  if (failures <= 40) console.error('FAIL: ' + msg);
}

const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await db.connect();
async function query(sql) {
  const r = await conn.runAndReadAll(sql);
  return { names: r.columnNames(), rows: r.getRows() };
}

// Canonical SQL expression for one of our column types.
function canonicalSql(col, duckType) {
  const c = `"${col.name}"`;
  if (duckType && duckType.startsWith('DECIMAL')) return `CAST(${c} AS DOUBLE)`;
  switch (col.type) {
    case 'int32': case 'int64': return `CAST(${c} AS VARCHAR)`;
    case 'date': return `CAST(${c} - DATE '1970-01-01' AS VARCHAR)`;
    case 'timestamp':
      return `CAST(${{ ms: 'epoch_ms', us: 'epoch_us', ns: 'epoch_ns' }[col.unit]}(${c}) AS VARCHAR)`;
    case 'binary': return `lower(hex(${c}))`;
    default: return c;
  }
}

// Compares one value from a peer with our canonical text.
function same(col, expected, got, approx = false) {
  if (expected === null || got === null || got === undefined) {
    return expected === null && (got === null || got === undefined);
  }
  switch (col.type) {
    case 'float64': case 'float32': {
      const e = expected === 'nan' ? NaN : expected === 'inf' ? Infinity
        : expected === '-inf' ? -Infinity : Number(expected);
      const g = Number(got);
      const ev = col.type === 'float32' ? Math.fround(e) : e;
      if (approx) return Math.abs(ev - g) <= 1e-12 * Math.max(1, Math.abs(ev));
      return Object.is(ev, g);
    }
    case 'bool': return String(got) === expected;
    case 'binary':
      if (got instanceof Uint8Array) got = Buffer.from(got).toString('hex');
      return String(got) === expected;
    default: return String(got) === expected;
  }
}

function compareTables(label, columns, expectedRows, gotRows, approxCols = new Set()) {
  checks++;
  if (expectedRows.length !== gotRows.length) {
    fail(`${label}: ${gotRows.length} rows, expected ${expectedRows.length}`);
    return;
  }
  let bad = 0;
  for (let r = 0; r < expectedRows.length; r++) {
    for (let c = 0; c < columns.length; c++) {
      if (!same(columns[c], expectedRows[r][c], gotRows[r][c], approxCols.has(c))) {
        if (++bad <= 5) {
          fail(`${label}: row ${r} column ${columns[c].name}: expected ${JSON.stringify(
            expectedRows[r][c])}, got ${String(gotRows[r][c])}`);
        }
      }
    }
  }
}

// ---------------------------------------------------------------- 1. our writer -> peers
execFileSync(tool, ['write-sample', dir, String(rows)], { stdio: 'inherit' });
const loadExpected = (name) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const files = ['zstd', 'snappy', 'uncompressed', 'zstd_rowgroups', 'snappy_rowgroups', 'plain',
  'dict_fallback', 'empty', 'allnull'];
const expectedDuckTypes = {
  id: 'BIGINT', i64: 'BIGINT', i32: 'INTEGER', i16: 'SMALLINT', i8: 'TINYINT', f64: 'DOUBLE',
  f32: 'FLOAT', flag: 'BOOLEAN', day: 'DATE', ts_us: 'TIMESTAMP',
  ts_ms_utc: 'TIMESTAMP WITH TIME ZONE', ts_ns: 'TIMESTAMP_NS', name: 'VARCHAR', uniq: 'VARCHAR',
  blob: 'BLOB',
};

for (const name of files) {
  const file = join(dir, name + '.parquet');
  const expected = loadExpected(
    name === 'empty' || name === 'allnull' ? `${name}.expected.json` : 'expected.json');
  const cols = expected.columns;
  // Types as DuckDB sees them (checks our logical annotations).
  const desc = await query(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
  for (const row of desc.rows) {
    checks++;
    const want = expectedDuckTypes[row[0]];
    if (want !== row[1]) fail(`${name}: DuckDB sees ${row[0]} as ${row[1]}, expected ${want}`);
  }
  const select = cols.map((c) => canonicalSql(c)).join(', ');
  const res = await query(`SELECT ${select} FROM read_parquet('${file}') ORDER BY id`);
  compareTables(`duckdb reads ${name}.parquet`, cols, expected.rows, res.rows);

  // Statistics: DuckDB's view of min/max/null_count must match the data.
  const meta = await query(`SELECT path_in_schema, stats_null_count, row_group_num_rows
                            FROM parquet_metadata('${file}')`);
  checks++;
  if (meta.rows.length === 0 && name !== 'empty') fail(`${name}: no parquet_metadata rows`);
  const kv = await query(`SELECT decode(key), decode(value) FROM parquet_kv_metadata('${file}')`);
  checks++;
  if (!kv.rows.some((r) => r[0] === 'bi.test' && r[1] === 'config=' + name)) {
    fail(`${name}: key-value metadata not visible to DuckDB`);
  }
  // Filter pushdown through our statistics must not lose rows (DuckDB prunes with them).
  const idx = Object.fromEntries(cols.map((c, i) => [c.name, i]));
  const filters = [
    ['i32 >= 500', (r) => r[idx.i32] !== null && Number(r[idx.i32]) >= 500],
    ['i64 < 0', (r) => r[idx.i64] !== null && BigInt(r[idx.i64]) < 0n],
    ['i16 = -32768', (r) => r[idx.i16] === '-32768'],
    ['day < DATE \'1970-01-01\'', (r) => r[idx.day] !== null && Number(r[idx.day]) < 0],
    ['epoch_us(ts_us) > 1650000000000000',
      (r) => r[idx.ts_us] !== null && BigInt(r[idx.ts_us]) > 1650000000000000n],
    ['name = \'東京\'', (r) => r[idx.name] === '東京'],
    ['name IN (\'\', \'zzz\')', (r) => r[idx.name] === '' || r[idx.name] === 'zzz'],
    ['name IS NULL', (r) => r[idx.name] === null],
    ['uniq >= \'u9\'', (r) => r[idx.uniq] !== null && r[idx.uniq] >= 'u9'],
    ['flag', (r) => r[idx.flag] === 'true'],
    ['f32 BETWEEN 100 AND 200',
      (r) => r[idx.f32] !== null && Number(r[idx.f32]) >= 100 && Number(r[idx.f32]) <= 200],
  ];
  for (const [where, pred] of filters) {
    if (!cols.length) break;
    const filt = await query(`SELECT count(*) FROM read_parquet('${file}') WHERE ${where}`);
    const want = expected.rows.filter(pred).length;
    checks++;
    if (Number(filt.rows[0][0]) !== want) {
      fail(`${name}: WHERE ${where}: DuckDB counts ${filt.rows[0][0]}, expected ${want}`);
    }
  }

  // hyparquet
  const buf = readFileSync(file);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const id = (v) => v;
  const objs = await parquetReadObjects({
    file: ab, compressors, utf8: false,
    parsers: {
      timestampFromMilliseconds: id, timestampFromMicroseconds: id,
      timestampFromNanoseconds: id, dateFromDays: id,
      stringFromBytes: (b) => b && new TextDecoder().decode(b),
    },
  });
  const hyRows = objs.map((o) => cols.map((c) => o[c.name]));
  compareTables(`hyparquet reads ${name}.parquet`, cols, expected.rows, hyRows);
}

// ---------------------------------------------------------------- 2. DuckDB writes -> our reader
await query(`CREATE TABLE t AS SELECT
    i AS id,
    CASE WHEN i % 11 = 3 THEN NULL ELSE (i * 7919) % 100003 - 50000 END::INTEGER AS int_col,
    CASE WHEN i = 0 THEN -9223372036854775808 WHEN i = 1 THEN 9223372036854775807
         WHEN i % 13 = 5 THEN NULL ELSE i * 1234567891 END::BIGINT AS big_col,
    (i % 120 - 60)::TINYINT AS tiny_col,
    (i % 30000)::SMALLINT AS small_col,
    (i % 200)::UTINYINT AS utiny_col,
    (i * 3)::UINTEGER AS uint_col,
    CASE WHEN i = 2 THEN 'NaN'::DOUBLE WHEN i = 3 THEN 'inf'::DOUBLE WHEN i = 4 THEN -0.0::DOUBLE
         WHEN i % 17 = 2 THEN NULL ELSE i / 7.0 END AS dbl_col,
    CASE WHEN i % 19 = 1 THEN NULL ELSE (i / 3.0)::FLOAT END AS flt_col,
    CASE WHEN i % 5 = 0 THEN NULL ELSE i % 2 = 0 END AS bool_col,
    CASE WHEN i % 23 = 4 THEN NULL ELSE DATE '2000-01-01' + (i % 9000)::INTEGER END AS date_col,
    CASE WHEN i % 29 = 6 THEN NULL ELSE TIMESTAMP '2020-01-01 00:00:00' + INTERVAL (i * 1000003) MICROSECOND END AS ts_col,
    TIMESTAMPTZ '2021-06-01 00:00:00+00' + INTERVAL (i) SECOND AS tstz_col,
    (TIMESTAMP '2022-01-01' + INTERVAL (i) SECOND)::TIMESTAMP_NS AS tsns_col,
    CASE WHEN i % 7 = 0 THEN NULL WHEN i % 7 = 1 THEN '' WHEN i % 7 = 2 THEN '日本語の文字列'
         ELSE 'value_' || (i % 50)::VARCHAR END AS str_col,
    'unique_' || i::VARCHAR || repeat('z', (i % 17)::INTEGER) AS uniq_col,
    CASE WHEN i % 9 = 0 THEN NULL ELSE ('\\x' || lpad(to_hex(i % 256), 2, '0'))::BLOB END AS blob_col,
    (i * 1.125)::DECIMAL(9,3) AS dec9_col,
    (i * 100.01)::DECIMAL(18,2) AS dec18_col,
    CASE WHEN i % 31 = 0 THEN NULL ELSE (i * 12345.6789)::DECIMAL(38,4) END AS dec38_col
  FROM range(0, ${rows}) r(i)`);

const variants = [
  ['default', ''],
  ['zstd', '(FORMAT parquet, COMPRESSION zstd)'],
  ['snappy', '(FORMAT parquet, COMPRESSION snappy)'],
  ['gzip', '(FORMAT parquet, COMPRESSION gzip)'],
  ['uncompressed', '(FORMAT parquet, COMPRESSION uncompressed)'],
  ['rowgroups', '(FORMAT parquet, ROW_GROUP_SIZE 1000, COMPRESSION zstd)'],
  ['plain', '(FORMAT parquet, DICTIONARY_SIZE_LIMIT 1, COMPRESSION snappy)'],
  ['v2', '(FORMAT parquet, PARQUET_VERSION v2, COMPRESSION zstd)'],
  ['v2_rowgroups', '(FORMAT parquet, PARQUET_VERSION v2, ROW_GROUP_SIZE 2000)'],
];
for (const [name, opts] of variants) {
  const file = join(dir, `duck_${name}.parquet`);
  await query(`COPY t TO '${file}' ${opts}`);
  for (const mode of ['plain', 'dict']) {
    let ours;
    try {
      ours = JSON.parse(execFileSync(tool, ['dump', file].concat(mode === 'dict' ? ['dict'] : []),
        { maxBuffer: 1 << 30 }).toString('utf8'));
    } catch (e) {
      fail(`our reader failed on duck_${name}.parquet: ${e.stderr || e}`);
      continue;
    }
    const desc = await query(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    const duckTypes = Object.fromEntries(desc.rows.map((r) => [r[0], r[1]]));
    const approx = new Set();
    ours.columns.forEach((c, i) => {
      if (String(duckTypes[c.name]).startsWith('DECIMAL')) approx.add(i);
    });
    const select = ours.columns.map((c) => canonicalSql(c, duckTypes[c.name])).join(', ');
    // Our reader returns file order; DuckDB without ORDER BY may not, so sort both by id.
    const res = await query(`SELECT ${select} FROM read_parquet('${file}') ORDER BY id`);
    const mine = ours.rows.slice().sort((a, b) => Number(a[0]) - Number(b[0]));
    compareTables(`our reader (${mode}) on duck_${name}.parquet`, ours.columns, mine, res.rows,
      approx);
  }
}

conn.closeSync?.();
if (failures === 0) rmSync(dir, { recursive: true, force: true });
console.log(`${checks} checks, ${failures} failures${failures ? ' (files kept in ' + dir + ')' : ''}`);
process.exit(failures ? 1 : 0);
