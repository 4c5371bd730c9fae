// Generates src/api/schema.gen.ts from docs/openapi.yaml with openapi-typescript. It runs before
// dev, build, typecheck and test (npm pre-scripts), so the app's API types always follow the
// document; the file is not committed. Writes go through a temporary file and a rename, and an
// unchanged file is left alone, so parallel runs (ctest -j) never see half a file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = resolve(root, '../docs/openapi.yaml');
const target = resolve(root, 'src/api/schema.gen.ts');

// The temporary directory is outside src/ (a parallel tsc or eslint must not see it come and
// go) but inside frontend/, so the rename stays on one file system.
const cache = resolve(root, 'node_modules/.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'api-types-'));
try {
  const fresh = join(dir, 'schema.gen.ts');
  const cli = resolve(root, 'node_modules/.bin/openapi-typescript');
  const run = spawnSync(cli, [spec, '--output', fresh], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) process.exit(run.status ?? 1);
  let current = null;
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // first run
  }
  if (readFileSync(fresh, 'utf8') !== current) renameSync(fresh, target);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
