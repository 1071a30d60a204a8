import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Where `npm run dev` proxies API and sync traffic: the restarting dev server. */
const devServerTarget = `http://127.0.0.1:${process.env.DEV_API_PORT ?? '3001'}`;

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The letter page's chunk is mostly TipTap, ProseMirror and Yjs (about 530 kB before gzip);
    // it loads only when a letter is opened, so the list page stays small.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': devServerTarget,
      '/healthz': devServerTarget,
      '/sync': { target: devServerTarget, ws: true },
    },
  },
  test: {
    root: '.',
    projects: [
      {
        test: {
          name: 'unit',
          root: '.',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 20_000,
          // Two files at a time: most of a file's time is waiting on sockets, not CPU.
          maxWorkers: 2,
        },
      },
      {
        // `npm run test:soak` (SOAK_SECONDS sets its length): churn, then rooms, sockets, timers and heap.
        test: {
          name: 'soak',
          root: '.',
          include: ['test/soak/**/*.soak.ts'],
          environment: 'node',
          // A forked process, so --expose-gc reaches V8 and the heap can be measured after a forced GC.
          pool: 'forks',
          execArgv: ['--expose-gc'],
          fileParallelism: false,
          hookTimeout: 60_000,
        },
      },
      {
        // `npm run test:cluster`: several instances of the real server on PostgreSQL and Redis
        // (DATABASE_URL and a redis-server binary: `eval "$(.ci/services)"`).
        test: {
          name: 'cluster',
          root: '.',
          include: ['test/cluster/**/*.cluster.ts'],
          environment: 'node',
          // Each file spawns its instances and its own redis-server: one file at a time, in a forked process.
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: '.',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
