// Starts `bi serve --demo` on free ports with a fresh data directory, and the built app
// (frontend/dist) in front of it: served by `bi serve` itself when it serves the web app,
// otherwise by `vite preview` proxying /api to it. Tells the tests where through E2E_BASE_URL;
// the returned function stops both and removes the data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { preview } from 'vite';

const frontendDir = resolve(import.meta.dirname, '..');

function biBinary() {
  const binary = process.env.BI_BINARY ?? resolve(frontendDir, '../build/bi');
  if (!existsSync(binary)) throw new Error(`no bi binary at ${binary}: build it or set BI_BINARY`);
  return binary;
}

/** Resolves with the API port once `bi serve` logs that its API listens. */
function apiPortOf(server: ChildProcess): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const lines = createInterface({ input: server.stdout! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { event?: string; server?: string; port?: number };
        if (entry.event === 'listening' && entry.server === 'api' && entry.port)
          resolvePort(entry.port);
      } catch {
        // not a log line
      }
    });
    server.on('exit', (code) => reject(new Error(`bi serve exited with ${code} before listening`)));
  });
}

async function servesWebApp(url: string) {
  const answer = await fetch(url + '/login').catch(() => null);
  return !!answer?.ok && (answer.headers.get('content-type') ?? '').includes('text/html');
}

export default async function globalSetup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bi-e2e-'));
  const server = spawn(
    biBinary(),
    // Loopback only: the demo server has a known administrator password.
    [
      'serve',
      '--demo',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--executor-port',
      '0',
      '--data-dir',
      dataDir,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BI_WEB_DIR: join(frontendDir, 'dist') },
    },
  );
  const apiUrl = `http://127.0.0.1:${await apiPortOf(server)}`;

  let web: Awaited<ReturnType<typeof preview>> | null = null;
  if (await servesWebApp(apiUrl)) {
    process.env.E2E_BASE_URL = apiUrl;
  } else {
    web = await preview({
      root: frontendDir,
      logLevel: 'warn',
      preview: {
        host: '127.0.0.1',
        port: 0,
        strictPort: false,
        proxy: { '/api': { target: apiUrl, changeOrigin: true } },
      },
    });
    const address = web.httpServer.address();
    if (!address || typeof address === 'string') throw new Error('vite preview has no port');
    process.env.E2E_BASE_URL = `http://127.0.0.1:${address.port}`;
  }

  return async () => {
    await web?.close();
    if (server.exitCode === null) {
      const exited = new Promise((done) => server.once('exit', done));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}
