/**
 * `npm run dev`: the API and sync server on port 3001, restarted by tsx whenever a server file
 * changes, behind Vite's dev server (hot reload) on port 5173, which proxies /api and /sync to it.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'vite';

/** The restarting server's port; vite.config.ts proxies to the same one. */
const DEV_API_PORT = '3001';

const api = spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'server/index.ts'], {
  stdio: 'inherit',
  env: { ...process.env, PORT: DEV_API_PORT, DEV_API_PORT, ORIGIN: 'http://127.0.0.1:5173' },
});

const vite = await createServer({ server: { host: '127.0.0.1', port: 5173, strictPort: true } });
await vite.listen();
vite.printUrls();

const stop = async () => {
  api.kill('SIGTERM');
  await vite.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
api.on('exit', (code) => {
  if (code !== 0 && code !== null) console.error(`The API server exited with code ${code}.`);
});
