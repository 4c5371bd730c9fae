import { defineConfig, loadEnv } from 'vite';
import react from '@vitejs/plugin-react';

// Dev server on 3000 (as in the deployment guide); `/api` goes to VITE_API_URL, the API
// (`bi serve` / `bi api`, port 8000 by default). Production builds call `/api` on their own
// origin: `bi serve` serves both.
export default defineConfig(({ mode }) => {
  const env = { ...loadEnv(mode, process.cwd(), 'VITE_'), ...process.env };
  const apiUrl = env.VITE_API_URL || 'http://localhost:8000';
  return {
    plugins: [react()],
    server: {
      port: 3000,
      strictPort: true,
      proxy: { '/api': { target: apiUrl, changeOrigin: true } },
    },
    preview: {
      port: 3000,
      strictPort: true,
      proxy: { '/api': { target: apiUrl, changeOrigin: true } },
    },
    build: { outDir: 'dist', sourcemap: true },
    test: {
      environment: 'jsdom',
      setupFiles: ['./src/test/setup.ts'],
      include: ['src/**/*.test.{ts,tsx}'],
      css: false,
      // Generous bounds: a loaded CI machine must not turn a slow test into a failure.
      testTimeout: 120_000,
      // `npm run test -- --coverage` (as the deployment guide's CI runs it) writes coverage/lcov.info.
      coverage: {
        provider: 'v8',
        reporter: ['text-summary', 'lcov'],
        include: ['src/**/*.{ts,tsx}'],
        exclude: ['src/api/schema.gen.ts', 'src/test/**', 'src/**/*.test.{ts,tsx}', 'src/**/*.d.ts'],
      },
    },
  };
});
