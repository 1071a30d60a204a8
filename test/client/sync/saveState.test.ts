/** The sync status rules: when the page may say "All changes saved", and when it must not. */
import { describe, expect, it } from 'vitest';
import { areUpdateFramesSaved, deriveSyncStatus, isStateSaved, SYNC_STATUS_LABEL, type SyncInputs } from '../../../client/src/sync/saveState';

describe('isStateSaved', () => {
  it('is true when the saved vector covers every local client clock', () => {
    expect(isStateSaved(new Map([[1, 5], [2, 3]]), new Map([[1, 5], [2, 4], [3, 9]]))).toBe(true);
    expect(isStateSaved(new Map(), new Map())).toBe(true);
  });

  it('is false while any local change is beyond what is stored', () => {
    expect(isStateSaved(new Map([[1, 6]]), new Map([[1, 5]]))).toBe(false);
    expect(isStateSaved(new Map([[7, 1]]), new Map([[1, 5]]))).toBe(false);
  });
});

describe('areUpdateFramesSaved', () => {
  it('is true once the server counts every frame sent on this connection as stored', () => {
    expect(areUpdateFramesSaved({ sent: 0, acked: 0, unsent: false })).toBe(true);
    expect(areUpdateFramesSaved({ sent: 4, acked: 4, unsent: false })).toBe(true);
  });

  it('is false while a frame sent is not counted, whatever the state vector says (a deletion adds no item)', () => {
    expect(areUpdateFramesSaved({ sent: 4, acked: 3, unsent: false })).toBe(false);
    expect(areUpdateFramesSaved({ sent: 1, acked: 0, unsent: false })).toBe(false);
  });

  it('is false while local changes wait for a connection to carry them, even with every frame counted', () => {
    expect(areUpdateFramesSaved({ sent: 0, acked: 0, unsent: true })).toBe(false);
    expect(areUpdateFramesSaved({ sent: 2, acked: 2, unsent: true })).toBe(false);
  });
});

describe('deriveSyncStatus', () => {
  const base: SyncInputs = { connection: 'connected', everConnected: true, everSynced: true, saved: true, closed: false };

  it('says saved only when connected, synced and acknowledged', () => {
    expect(deriveSyncStatus(base)).toBe('saved');
    expect(deriveSyncStatus({ ...base, saved: false })).toBe('saving');
  });

  it('is connecting until the first sync, so an empty document never counts as saved', () => {
    expect(deriveSyncStatus({ ...base, everSynced: false })).toBe('connecting');
    expect(deriveSyncStatus({ ...base, connection: 'connecting', everConnected: false, everSynced: false })).toBe('connecting');
  });

  it('is offline once a connection that existed is lost, whatever was saved', () => {
    expect(deriveSyncStatus({ ...base, connection: 'disconnected' })).toBe('offline');
    expect(deriveSyncStatus({ ...base, connection: 'connecting', saved: false })).toBe('offline');
  });

  it('is connecting, not offline, while rejoining after the server asked for a reconnect', () => {
    expect(deriveSyncStatus({ ...base, connection: 'disconnected', rejoining: true })).toBe('connecting');
    expect(deriveSyncStatus({ ...base, connection: 'connecting', rejoining: true })).toBe('connecting');
  });

  it('is closed when the server refused the letter for good', () => {
    expect(deriveSyncStatus({ ...base, closed: true })).toBe('closed');
  });

  it('says "Not saved" after the server failed to store, through every retry, until the changes are stored', () => {
    const failed = { ...base, storeFailed: true, saved: false };
    // Closed with 1011, reconnecting, reconnected and synced again, waiting for the next attempt:
    // not "Offline" (the server answered) and not "Saving…" (it may fail again).
    expect(deriveSyncStatus({ ...failed, connection: 'disconnected' })).toBe('unsaved');
    expect(deriveSyncStatus({ ...failed, connection: 'connecting' })).toBe('unsaved');
    expect(deriveSyncStatus({ ...failed, connection: 'connected' })).toBe('unsaved');
    expect(SYNC_STATUS_LABEL.unsaved).toBe('Not saved');
    // Once an acknowledgement covers every local change, the ordinary rules apply again.
    expect(deriveSyncStatus({ ...failed, saved: true })).toBe('saved');
    // A refusal for good still wins.
    expect(deriveSyncStatus({ ...failed, closed: true })).toBe('closed');
  });
});
