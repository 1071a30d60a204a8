/**
 * Clients typing into letters, for tests that stop the server under them (signals, crashes,
 * storage faults): stock providers that record every update they made themselves and the update
 * frame that carried it, and the check that a stored document holds a given set of those updates,
 * both by state vector and by content.
 */
import { expect } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { areUpdateFramesSaved, isStateSaved } from '../../client/src/sync/saveState';
import type { UpdateFrameCounter } from '../../client/src/sync/updateFrames';
import { countUpdateFrames, sendsOnSocket } from '../../client/src/sync/updateFrames';
import type { AckTracker } from './acks';
import { trackAcks } from './acks';
import type { Session } from './http';
import type { TestResources, TestServer } from './resources';
import { bodyOf } from './ydoc';

/** One update a typist made, and the update frame that carried it to the server. */
export interface LocalUpdate {
  update: Uint8Array;
  /** The connection (numbered from 1) and the number of the frame on it; null if made while offline. */
  sentAs: { connection: number; frame: number } | null;
}

/** A stock provider on one letter whose own edits are recorded. */
export interface Typist {
  letterId: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The durable acknowledgements it received (it connects with `ack: true`). */
  acks: AckTracker;
  /** Its update frames, counted as the browser client counts them. */
  frames: UpdateFrameCounter;
  /** For each connection, the highest count of stored update frames acknowledged on it. */
  ackedFrames: Map<number, number>;
  /** Every update made on this client (not received from the server), in order. */
  localUpdates: LocalUpdate[];
}

/** Connects a typist with acknowledgements to `letterId`; it starts connecting at once. */
export function connectTypist(
  resources: TestResources,
  server: Pick<TestServer, 'syncUrl' | 'origin'>,
  letterId: string,
  session: Session,
): Typist {
  const { doc, provider } = resources.connect(server, letterId, { session, ack: true, connect: false });
  // Created before the listener below, so the counts it reads include each update.
  const frames = countUpdateFrames(provider, () => {});
  const ackedFrames = new Map<number, number>();
  const acks = trackAcks(provider, (count) => {
    frames.acknowledge(count);
    ackedFrames.set(frames.connection, Math.max(count, ackedFrames.get(frames.connection) ?? 0));
  });
  const localUpdates: LocalUpdate[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    // The provider applies what the server sends with itself as the origin; everything else was typed here.
    if (origin === provider) return;
    const sentAs = sendsOnSocket(provider) ? { connection: frames.connection, frame: frames.current().sent } : null;
    localUpdates.push({ update, sentAs });
  });
  provider.connect();
  return { letterId, doc, provider, acks, frames, ackedFrames, localUpdates };
}

/**
 * The updates of `typist` that an acknowledgement said are stored: the count of stored update
 * frames on the connection that carried one reached its frame. This covers updates that only
 * deleted, which no state vector can show. (An update also reaches the server again in the
 * SyncStep2 of a later connection; those are not claimed here.)
 */
export function acknowledgedUpdates(typist: Typist): LocalUpdate[] {
  return typist.localUpdates.filter(({ sentAs }) => sentAs !== null && (typist.ackedFrames.get(sentAs.connection) ?? 0) >= sentAs.frame);
}

/** Whether `typist` would show "All changes saved": as the browser client decides it. */
export function isTypistSaved(typist: Typist): boolean {
  const saved = typist.acks.acks.at(-1);
  return saved !== undefined && isStateSaved(stateVectorOf(typist.doc), saved) && areUpdateFramesSaved(typist.frames.current());
}

/** A state vector as a Map (client id to clock). */
export function stateVectorOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** The element-wise maximum of state vectors: everything any of them includes. */
export function unionOf(vectors: readonly Map<number, number>[]): Map<number, number> {
  const union = new Map<number, number>();
  for (const vector of vectors) {
    for (const [client, clock] of vector) union.set(client, Math.max(clock, union.get(client) ?? 0));
  }
  return union;
}

/** What a letter shows, as one comparable string: the body with its marks, the side text and map `randomEdit` also touches. */
export function contentOf(doc: Y.Doc): string {
  return JSON.stringify({ body: bodyOf(doc).toString(), notes: doc.getText('notes').toDelta(), meta: doc.getMap('meta').toJSON() });
}

/**
 * Asserts that `stored` holds every one of `updates`: applying them to a copy of it adds no item,
 * deletes nothing more, changes no content and leaves nothing waiting for a missing dependency.
 * This checks content, deletions included, where a state vector alone could not.
 */
export function expectStoredHolds(stored: Y.Doc, updates: readonly Uint8Array[], label: string): void {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(stored));
  const vectorBefore = stateVectorOf(copy);
  const contentBefore = contentOf(copy);
  for (const update of updates) Y.applyUpdate(copy, update);
  expect(copy.store.pendingStructs, `${label}: an update depends on something that was not stored`).toBeNull();
  expect(copy.store.pendingDs, `${label}: a deletion refers to something that was not stored`).toBeNull();
  expect(stateVectorOf(copy), `${label}: the updates add items the store lacks`).toEqual(vectorBefore);
  expect(contentOf(copy), `${label}: the updates change the stored content`).toBe(contentBefore);
  copy.destroy();
}

/** Asserts `stored`'s state vector reaches `required` for every client id. */
export function expectVectorReaches(stored: Y.Doc, required: ReadonlyMap<number, number>, label: string): void {
  const storedVector = stateVectorOf(stored);
  for (const [client, clock] of required) {
    expect(storedVector.get(client) ?? 0, `${label}: client ${client} is stored up to clock ${storedVector.get(client) ?? 0}, not ${clock}`).toBeGreaterThanOrEqual(clock);
  }
}
