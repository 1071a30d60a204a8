/**
 * One letter's document in memory with its connections and awareness. Edits are applied as they
 * arrive but leave the room only after the commit queue has stored them: then they are broadcast
 * once, published on the bus, and acknowledged to clients that asked for acknowledgements.
 */
import { randomUUID } from 'node:crypto';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { SyncLimits } from '../../shared/limits';
import { CloseReason } from '../../shared/protocol';
import { bodyLimitRefusal } from './bodyLimits';
import type { Connection } from './connection';
import type { LogSize } from './docStore';
import type { AwarenessEntry, ClientFrame, DecodedStructs } from './protocol';
import { mergeMany } from './replay';
import { encodeAwareness, encodeAwarenessEntries, encodeSavedStateVector, encodeSyncStep1, encodeSyncStep2, encodeUpdate, itemAt, parseClientFrame, validateNeighbours } from './protocol';
import type { BusMessage, RoomBus } from './roomBus';

/** After this many dropped edits, a read-only connection is closed with 4403. */
export const MAX_REJECTED_WRITES = 20;

/**
 * Who announced an awareness client id on this instance: the connection while it is open; once it
 * has left, its account, until `releasedAt` is older than the awareness timeout (so nobody else
 * takes the id over while its owner reconnects).
 */
interface PresenceOwner {
  userId: string;
  conn: Connection | null;
  releasedAt: number;
}

/** Updates cut from a room for one group commit. */
export interface PendingBatch {
  update: Uint8Array;
  /** The state vector once this batch is stored: what the acknowledgement reports. */
  stateVector: Uint8Array;
  /** The connections whose frames produced it (null: the server itself). */
  origins: Set<Connection | null>;
  /** Each acknowledged connection's `updateFrames` when the batch was cut: all stored once it is. */
  updateFrames: Map<Connection, number>;
}

/** What a room needs from its manager. */
export interface RoomHooks {
  bus: RoomBus;
  /** Called when the room has edits waiting to be committed. */
  requestCommit(room: Room): void;
  /** Called when the room broke (an update failed to apply) and must be dropped. */
  invalidate(room: Room, error: unknown): void;
  /** Called on a read-only connection's first dropped edit. */
  reportRejectedEdits(room: Room, conn: Connection): void;
}

/** A loaded document and everyone connected to it. */
export class Room {
  readonly connections = new Set<Connection>();
  readonly awareness: awarenessProtocol.Awareness;
  /** The state vector of what the store holds for this room. */
  savedStateVector: Uint8Array;
  /** Log growth since the last snapshot, and the snapshot's size, to decide when to compact. */
  logCount: number;
  logBytes: number;
  snapshotBytes: number;
  /** While its letter is being marked sent, the room applies no client's edits (RoomManager.freeze). */
  frozen = false;
  private readonly instanceId = randomUUID();
  private pending: Uint8Array[] = [];
  private pendingOrigins = new Set<Connection | null>();
  /** Batches cut and not yet committed (group commits store them in order). */
  private batchesInFlight = 0;
  /** Whether an acknowledgement of edits from other instances is due this turn. */
  private settledAckScheduled = false;
  private destroyed = false;
  /** Client ids announced by this instance's connections: only the owner may change or remove one. */
  private readonly presenceOwners = new Map<number, PresenceOwner>();
  constructor(
    readonly name: string,
    readonly doc: Y.Doc,
    private readonly hooks: RoomHooks,
    logSize: LogSize,
    /** Ends the bus subscription the manager made before it read the store (so none was missed). */
    private readonly unsubscribe: () => void,
  ) {
    this.savedStateVector = Y.encodeStateVector(doc);
    this.logCount = logSize.count;
    this.logBytes = logSize.bytes;
    this.snapshotBytes = logSize.snapshotBytes;
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    doc.on('update', this.handleDocUpdate);
    this.awareness.on('update', this.handleAwarenessUpdate);
  }

  /** Whether edits are waiting for a commit. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Greets a new connection: our state vector, everyone's presence and what is saved. */
  addConnection(conn: Connection): void {
    this.connections.add(conn);
    conn.send(encodeSyncStep1(this.doc));
    // Bounded: every state within SyncLimits.maxPresenceStateBytes, one per socket, few sockets per account.
    if (this.awareness.getStates().size > 0) conn.send(this.encodeAllPresence());
    if (conn.wantsAck) conn.send(encodeSavedStateVector(this.savedStateVector, conn.updateFrames));
  }

  /** Forgets a connection and the presence it announced. */
  removeConnection(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    const present = [...conn.awarenessIds].filter((id) => this.awareness.states.has(id));
    if (present.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, present, null);
    const now = Date.now();
    for (const id of conn.awarenessIds) {
      const owner = this.presenceOwners.get(id);
      if (owner?.conn === conn) this.presenceOwners.set(id, { userId: owner.userId, conn: null, releasedAt: now });
    }
    // Awareness keeps a clock for every client that ever left, to refuse late echoes of its
    // presence; past the awareness timeout none arrive, and the clocks would pile up as people come and go.
    const cutoff = now - awarenessProtocol.outdatedTimeout;
    for (const [id, meta] of this.awareness.meta) {
      if (meta.lastUpdated < cutoff && !this.awareness.states.has(id)) this.awareness.meta.delete(id);
    }
    for (const [id, owner] of this.presenceOwners) {
      if (owner.conn === null && owner.releasedAt < cutoff) this.presenceOwners.delete(id);
    }
  }

  /** Acts on one validated frame from a connection in this room. */
  handleFrame(conn: Connection, frame: ClientFrame): void {
    switch (frame.kind) {
      case 'syncStep1':
        // Within the socket's budget: a flood of requests cannot make the server send the letter again and again.
        conn.syncRequests.request(() => {
          if (this.connections.has(conn) && !this.destroyed) conn.send(encodeSyncStep2(this.doc, frame.stateVector));
        });
        return;
      case 'update':
        this.applyClientUpdate(conn, frame.update, frame.isEmpty, frame.structs);
        return;
      case 'awareness':
        this.applyClientAwareness(conn, frame.update, frame.entries);
        return;
      case 'queryAwareness':
        conn.presenceQueries.request(() => {
          if (this.connections.has(conn) && !this.destroyed) conn.send(this.encodeAllPresence());
        });
        return;
      case 'auth':
        return;
    }
  }

  private applyClientUpdate(conn: Connection, update: Uint8Array, isEmpty: boolean, structs: DecodedStructs): void {
    // A stock client answers every SyncStep1 with its whole delete set, so a viewer's reply after
    // a reconnect is not empty; it only counts as an attempt to edit if it would change something.
    const canWrite = conn.canWrite && !this.frozen;
    if (!canWrite && !isEmpty && !Y.snapshotContainsUpdate(Y.snapshot(this.doc), update)) {
      // A writer's edit during a freeze is held back unacknowledged, not counted against it.
      if (conn.canWrite) return;
      conn.rejectedWrites++;
      // Audited once per connection; the close after repeated attempts follows from the count.
      if (conn.rejectedWrites === 1) this.hooks.reportRejectedEdits(this, conn);
      if (conn.rejectedWrites >= MAX_REJECTED_WRITES) conn.close(CloseReason.forbidden);
      return;
    }
    // Checked against the document, so here rather than when the frame was parsed; throws FrameError.
    if (canWrite && !isEmpty) validateNeighbours(structs, (id) => itemAt(this.doc, id));
    // Refused whole, before the document or the store sees it; the writer is told why.
    const refusal = canWrite && !isEmpty ? bodyLimitRefusal(this.doc, structs) : null;
    if (refusal) {
      conn.close(refusal);
      return;
    }
    conn.updateFrames += 1;
    if (canWrite && !isEmpty) {
      try {
        Y.applyUpdate(this.doc, update, conn);
      } catch (error) {
        // The update decoded but would not integrate, and Yjs may have applied part of it: the
        // in-memory document can no longer be trusted. Nothing of it may reach the store, so the
        // uncommitted edits go too (their authors were not acknowledged and resend on reconnect);
        // the room is dropped and reloads from what is stored.
        this.pending = [];
        this.pendingOrigins = new Set();
        conn.close(CloseReason.malformedFrame);
        this.hooks.invalidate(this, error);
        return;
      }
    }
    // A frame that added nothing to the document (empty, or nothing the room lacks) waits for no
    // commit: with nothing pending or being stored, every frame of this connection is stored, so
    // say so now. Otherwise the acknowledgement of the commit that empties the queue says so.
    if (conn.wantsAck && this.settled) {
      conn.send(encodeSavedStateVector(this.savedStateVector, conn.updateFrames));
    }
  }

  /**
   * Applies the entries of a client's awareness update that are its own: changes to client ids it
   * announced, and new ids up to SyncLimits.maxPresenceIdsPerSocket. Everything else is dropped:
   * states over SyncLimits.maxPresenceStateBytes, and any entry for an id another connection
   * announced (stock providers relay what they hear, so such entries are routine, and a viewer
   * must not rename or remove someone else's presence with them).
   */
  private applyClientAwareness(conn: Connection, update: Uint8Array, entries: readonly AwarenessEntry[]): void {
    const kept = entries.filter((entry) => {
      if (entry.state !== null && Buffer.byteLength(entry.json, 'utf8') > SyncLimits.maxPresenceStateBytes) {
        conn.droppedPresence.oversized += 1;
        return false;
      }
      if (conn.awarenessIds.has(entry.clientId)) return true;
      return this.claimPresence(conn, entry);
    });
    if (kept.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, kept.length === entries.length ? update : encodeAwarenessEntries(kept), conn);
  }

  /**
   * Whether `conn` may announce a client id it has not announced before, and if so records it as
   * the id's owner. Refused: removals (there is nothing of its own to remove), ids another open
   * connection announced (here, or on another instance: the state arrived on the bus), ids whose
   * owner of another account left within the awareness timeout, entries that would not apply (an
   * older clock: an echo), and new ids past the limit.
   */
  private claimPresence(conn: Connection, { clientId, clock, state }: AwarenessEntry): boolean {
    if (state === null || this.awareness.states.has(clientId)) return false;
    const owner = this.presenceOwners.get(clientId);
    if (owner && (owner.conn !== null || owner.userId !== conn.userId)) return false;
    if (clock <= (this.awareness.meta.get(clientId)?.clock ?? 0)) return false;
    if (conn.awarenessIds.size >= SyncLimits.maxPresenceIdsPerSocket) {
      conn.droppedPresence.overLimit += 1;
      return false;
    }
    conn.awarenessIds.add(clientId);
    this.presenceOwners.set(clientId, { userId: conn.userId, conn, releasedAt: 0 });
    return true;
  }

  /** Every presence state in one awareness frame: the greeting, and the answer to a query. */
  private encodeAllPresence(): Uint8Array {
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
  }

  /** Takes the edits waiting for a commit, or null if there are none. */
  cutBatch(): PendingBatch | null {
    if (this.pending.length === 0) return null;
    const update = this.pending.length === 1 ? (this.pending[0] as Uint8Array) : mergeMany(this.pending);
    const updateFrames = new Map<Connection, number>();
    for (const conn of this.connections) {
      if (conn.wantsAck) updateFrames.set(conn, conn.updateFrames);
    }
    const batch = { update, stateVector: Y.encodeStateVector(this.doc), origins: this.pendingOrigins, updateFrames };
    this.pending = [];
    this.pendingOrigins = new Set();
    this.batchesInFlight += 1;
    return batch;
  }

  /**
   * Sends a batch just cut to the room's clients, once, while the store writes it. Seeing an
   * edit before it is stored risks nothing: until it is acknowledged its author keeps it and
   * resends it after any failure, and every client that received it sends it back on reconnect.
   * Waiting for the disk here would put every flush on every keystroke's way to the others.
   */
  broadcastBatch(batch: PendingBatch): void {
    const frame = encodeUpdate(batch.update);
    const soleOrigin = batch.origins.size === 1 ? [...batch.origins][0] : undefined;
    for (const conn of this.connections) {
      // The only author already has these edits; everyone else gets them.
      if (conn !== soleOrigin) conn.send(frame);
    }
  }

  /** After the store committed a batch: tell the bus, acknowledge. */
  handleCommitted(batch: PendingBatch): void {
    this.batchesInFlight -= 1;
    // Once nothing waits for a commit, everything in the document is stored, edits that came
    // from other instances meanwhile included (they publish only what they stored).
    this.savedStateVector = this.settled ? Y.encodeStateVector(this.doc) : batch.stateVector;
    this.logCount += 1;
    this.logBytes += batch.update.byteLength;
    this.hooks.bus.publish(this.name, { kind: 'update', data: batch.update, source: this.instanceId });
    // Each connection is told how many of its update frames are stored: those counted when this
    // batch was cut or, once nothing else waits for a commit, every one (the frames since the cut
    // added nothing). A connection that joined after the cut has none in this batch.
    const settled = this.settled;
    for (const conn of this.connections) {
      if (!conn.wantsAck) continue;
      const stored = settled ? conn.updateFrames : (batch.updateFrames.get(conn) ?? 0);
      conn.send(encodeSavedStateVector(this.savedStateVector, stored));
    }
  }

  /** Whether no edit of this room waits for a commit: all it holds is stored. */
  private get settled(): boolean {
    return !this.hasPending && this.batchesInFlight === 0;
  }

  /**
   * After edits from another instance (stored there before they were published): tells clients
   * that asked that what they hold is saved, once per turn however many arrived. If this room has
   * edits of its own waiting, the acknowledgement of their commit says it instead.
   */
  private acknowledgeSettledSoon(): void {
    if (this.settledAckScheduled) return;
    this.settledAckScheduled = true;
    setImmediate(() => {
      this.settledAckScheduled = false;
      if (this.destroyed || !this.settled) return;
      this.savedStateVector = Y.encodeStateVector(this.doc);
      for (const conn of this.connections) {
        if (conn.wantsAck) conn.send(encodeSavedStateVector(this.savedStateVector, conn.updateFrames));
      }
    });
  }

  /**
   * Brings in what the store holds that the room lacks (after the bus may have lost messages). It
   * counts as from the bus: only what is new reaches the clients, and nothing is stored again.
   */
  applyStored(stored: Y.Doc): void {
    const missing = Y.encodeStateAsUpdate(stored, Y.encodeStateVector(this.doc));
    Y.applyUpdate(this.doc, missing, this.handleBusMessage);
  }

  /** Publishes the presence of this instance's clients again (others may have dropped it while the bus was down). */
  announceAwareness(): void {
    const ids = new Set<number>();
    for (const conn of this.connections) {
      for (const id of conn.awarenessIds) if (this.awareness.states.has(id)) ids.add(id);
    }
    if (ids.size === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...ids]);
    this.hooks.bus.publish(this.name, { kind: 'awareness', data: update, source: this.instanceId });
  }

  /** Closes every connection with a reason (their clients reconnect or stop, per the code). */
  closeAll(reason: Parameters<Connection['close']>[0]): void {
    for (const conn of this.connections) conn.close(reason);
  }

  /** Releases timers and listeners; the room must not be used afterwards. */
  destroy(): void {
    this.destroyed = true;
    this.unsubscribe();
    this.doc.off('update', this.handleDocUpdate);
    this.awareness.off('update', this.handleAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private readonly handleDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this.handleBusMessage) {
      // Another instance stored it already; only our clients need it.
      const frame = encodeUpdate(update);
      for (const conn of this.connections) conn.send(frame);
      this.acknowledgeSettledSoon();
      return;
    }
    this.pending.push(update);
    this.pendingOrigins.add(isConnection(origin, this.connections) ? origin : null);
    this.hooks.requestCommit(this);
  };

  private readonly handleAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const frame = encodeAwareness(update);
    for (const conn of this.connections) conn.send(frame);
    if (origin !== this.handleBusMessage) {
      this.hooks.bus.publish(this.name, { kind: 'awareness', data: update, source: this.instanceId });
    }
  };

  /**
   * An awareness update from another instance without the entries for ids that a connection of
   * this instance holds (only it may change them; the other instance let one of its connections
   * claim such an id only because it had not heard of ours yet). Null if nothing is left.
   */
  private withoutLocallyOwned(update: Uint8Array): Uint8Array | null {
    if (![...this.presenceOwners.values()].some(isOpenClaim)) return update;
    const frame = parseClientFrame(encodeAwareness(update));
    if (frame.kind !== 'awareness') throw new Error('an awareness frame decoded as something else');
    const kept = frame.entries.filter((entry) => !isOpenClaim(this.presenceOwners.get(entry.clientId)));
    if (kept.length === frame.entries.length) return update;
    return kept.length > 0 ? encodeAwarenessEntries(kept) : null;
  }

  /** Applies what another instance published (also the messages buffered while the room loaded). */
  readonly handleBusMessage = (message: BusMessage): void => {
    if (message.source === this.instanceId) return;
    if (message.kind === 'awareness') {
      // A bad one throws to the bus, which logs it; presence is renewed every few seconds anyway.
      const update = this.withoutLocallyOwned(message.data);
      if (update) awarenessProtocol.applyAwarenessUpdate(this.awareness, update, this.handleBusMessage);
      return;
    }
    try {
      Y.applyUpdate(this.doc, message.data, this.handleBusMessage);
    } catch (error) {
      // Half an update may be in the document now: drop the room, its clients reload it from the store.
      this.hooks.invalidate(this, error);
    }
  };
}

/** Whether `owner` is an open connection's claim. */
function isOpenClaim(owner: PresenceOwner | undefined): boolean {
  return owner !== undefined && owner.conn !== null;
}

function isConnection(origin: unknown, connections: Set<Connection>): origin is Connection {
  // Set.has compares identity, so asking about any value is safe whatever its type.
  return connections.has(origin as Connection);
}
