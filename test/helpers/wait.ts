/** Polling helpers: tests wait for a condition, never for a fixed time. */
import { expect, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';

/** How long an integration step may take before the test fails; far above what a healthy run needs. */
export const WAIT_TIMEOUT_MS = 10_000;

/** Polls `check` (an assertion callback) until it stops throwing, or fails after WAIT_TIMEOUT_MS. */
export function waitUntil<T>(check: () => T | Promise<T>, timeout = WAIT_TIMEOUT_MS): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 10 });
}

/** Resolves once the provider has received the server's SyncStep2. */
export async function waitForSynced(provider: WebsocketProvider): Promise<void> {
  await waitUntil(() => expect(provider.synced).toBe(true));
}
