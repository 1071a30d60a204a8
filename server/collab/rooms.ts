/**
 * The rooms of this process: loading each document once (concurrent connects share the load, a
 * failed load is not kept), committing edits through the group-commit queue, compacting logs off
 * the hot path, and unloading a room once its last connection has left and everything is stored.
 *
 * A room subscribes to the bus before its stored state is read, and keeps what arrives meanwhile
 * until it exists: other instances publish an update only once it is stored, so each update is
 * either in what we read or arrives on the bus (both, at worst, and Yjs ignores a repeat). When
 * the bus may have lost messages, rooms reload from the store (at most one reload in flight and
 * one queued per room).
 */
import type * as Y from 'yjs';
import { CloseReason } from '../../shared/protocol';
import type { Logger } from '../logger';
import { CommitQueue } from './commitQueue';
import type { CloseReasonValue, Connection } from './connection';
import type { DocStore } from './docStore';
import { replayStored } from './replay';
import { Room } from './room';
import type { BusMessage, RoomBus } from './roomBus';

/** A log smaller than this is never compacted for its size alone (a short letter's log may outgrow its snapshot quickly). */
const SMALL_LOG_BYTES = 64 * 1024;

/** Reloads after a resync that fail (the store is down too) are retried this often, RELOAD_RETRY_MS apart and more. */
const MAX_RELOAD_RETRIES = 5;
const RELOAD_RETRY_MS = 1_000;

/** Tuning of the room manager; the defaults suit production. */
export interface RoomManagerOptions {
  store: DocStore;
  bus: RoomBus;
  log: Logger;
  /** Compact a room's log into a snapshot past this many updates... */
  compactAfterCount?: number;
  /** ...or past this many bytes. */
  compactAfterBytes?: number;
  /** Told after each commit which rooms' edits were stored (for "last edited" times). */
  onStored?: (room: string) => void;
  /** Told when a connection that may not edit sent edits (they were dropped). */
  onEditsRejected?: (conn: Connection) => void;
}

/** The letter is being marked sent: the server makes no edit to it either (RoomManager.freeze). */
export class LetterFrozen extends Error {
  override readonly name = 'LetterFrozen';
  constructor(room: string) {
    super(`${room} is being marked sent and takes no edits`);
  }
}

/** Owns every loaded room. */
export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly compacting = new Set<string>();
  /** Rooms being reloaded from the store, and whether another reload was asked for meanwhile. */
  private readonly reloads = new Map<string, { again: boolean }>();
  /** Rooms still loading when a resync asked for them: reloaded once they are loaded. */
  private readonly reloadAfterLoad = new Set<string>();
  /** Rooms being marked sent here, and how many requests hold each: they take no edits meanwhile. */
  private readonly frozen = new Map<string, number>();
  private readonly stopResync: () => void;
  private readonly commits: CommitQueue;
  private readonly compactAfterCount: number;
  private readonly compactAfterBytes: number;
  private closing = false;
  /** Commits the store refused so far (close() reports those that fail while it stores). */
  private failedCommits = 0;

  constructor(private readonly options: RoomManagerOptions) {
    this.compactAfterCount = options.compactAfterCount ?? 500;
    this.compactAfterBytes = options.compactAfterBytes ?? 1024 * 1024;
    this.commits = new CommitQueue(options.store, {
      handleCommitted: (room, batch) => {
        if (this.rooms.get(room.name) !== room) return;
        room.handleCommitted(batch);
        this.options.onStored?.(room.name);
        this.maybeCompact(room);
      },
      handleCommitFailed: (room, error) => {
        this.failedCommits += 1;
        this.invalidate(room, error);
      },
      handleCommitRefused: (room, reason) => {
        // The letter was deleted, or sent (from another instance, or just now): what the room
        // holds beyond the store was never stored nor acknowledged. Its clients reconnect and are
        // told the letter is gone, or get the read-only access a sent letter gives.
        this.drop(room, reason === 'gone' ? CloseReason.noSuchRoom : CloseReason.roleChanged);
      },
    });
    this.stopResync = options.bus.onResync((names) => {
      for (const name of names) {
        if (this.rooms.has(name)) this.scheduleReload(name);
        else if (this.loading.has(name)) this.reloadAfterLoad.add(name);
      }
    });
  }

  /** Whether a room is loaded. */
  has(name: string): boolean {
    return this.rooms.has(name);
  }

  /** The in-memory document of a loaded room (it may hold edits not yet stored), or undefined. */
  loadedDoc(name: string): Y.Doc | undefined {
    return this.rooms.get(name)?.doc;
  }

  /** How many rooms are loaded. */
  get size(): number {
    return this.rooms.size;
  }

  /**
   * Adds a connection to its room, loading the room first if needed. Resolves to the room, or to
   * null if the connection closed meanwhile or the load failed (the connection is then closed).
   */
  async connect(conn: Connection): Promise<Room | null> {
    let room: Room;
    try {
      room = await this.getOrLoad(conn.room);
    } catch (error) {
      this.options.log.error('room load failed', { room: conn.room, error });
      conn.close(CloseReason.serverError);
      return null;
    }
    if (conn.closed || this.closing) {
      this.scheduleUnloadIfEmpty(room);
      return null;
    }
    try {
      room.addConnection(conn);
    } catch (error) {
      // Nothing may escape from here as a rejection (it would end the process); the room must
      // not keep a connection that never joined, or it would never unload.
      this.options.log.error('could not greet a connection', { room: conn.room, error });
      room.removeConnection(conn);
      conn.close(CloseReason.serverError);
      this.scheduleUnloadIfEmpty(room);
      return null;
    }
    return room;
  }

  /** Removes a connection; the room unloads if it was the last one. */
  disconnect(conn: Connection, room: Room): void {
    room.removeConnection(conn);
    this.scheduleUnloadIfEmpty(room);
  }

  /** Commits every edit received so far; resolves once they are stored. */
  flushPending(): Promise<void> {
    return this.commits.flush();
  }

  /**
   * Stops a room taking edits while its letter is being marked sent: its clients' edits are
   * neither applied nor acknowledged (their authors keep them). `release` ends the freeze; after a
   * failed attempt (`resend`) the room's writers are closed so that they reconnect and send the
   * edits held back meanwhile again.
   */
  freeze(name: string): { release(options?: { resend?: boolean }): void } {
    this.frozen.set(name, (this.frozen.get(name) ?? 0) + 1);
    const room = this.rooms.get(name);
    if (room) room.frozen = true;
    let released = false;
    return {
      release: ({ resend = false } = {}) => {
        if (released) return;
        released = true;
        const holders = (this.frozen.get(name) ?? 1) - 1;
        if (holders > 0) this.frozen.set(name, holders);
        else this.frozen.delete(name);
        const current = this.rooms.get(name);
        if (!current) return;
        if (resend) for (const conn of current.connections) if (conn.canWrite) conn.close(CloseReason.roleChanged);
        current.frozen = holders > 0;
      },
    };
  }

  /** Forgets a deleted letter's room at once: its connections close (4404) and nothing it holds is stored. */
  discard(name: string): void {
    const room = this.rooms.get(name);
    if (room) this.drop(room, CloseReason.noSuchRoom);
  }

  /**
   * Makes an edit as the server itself (restoring a version): a forward update in one transaction
   * that connected clients receive live. Resolves once it is stored; rejects if the room cannot be
   * loaded or the commit failed.
   */
  async editDocument(name: string, edit: (doc: Y.Doc) => void): Promise<void> {
    if (this.closing) throw new Error('the server is shutting down');
    if (this.frozen.has(name)) throw new LetterFrozen(name);
    const room = await this.getOrLoad(name);
    try {
      room.doc.transact(() => edit(room.doc), null);
      await this.commits.flush();
      if (this.rooms.get(name) !== room) throw new Error(`the edit to ${name} could not be stored`);
    } finally {
      this.scheduleUnloadIfEmpty(room);
    }
  }

  /**
   * Stores everything pending, closes every connection, and forgets every room. Rejects, once
   * all that is done, if the store refused the last edits: nothing acknowledged is lost (their
   * authors keep them and resend them to the next server), but the shutdown did not store them.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.stopResync();
    const failedBefore = this.failedCommits;
    // One turn of the event loop, so frames already received by the kernel are read and applied.
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.allSettled(this.loading.values());
    await this.commits.flush();
    for (const room of this.rooms.values()) {
      room.closeAll(CloseReason.goingAway);
      room.destroy();
    }
    this.rooms.clear();
    if (this.failedCommits > failedBefore) {
      throw new Error('the store refused the last edits while shutting down; their clients still hold them and send them again when they reconnect');
    }
  }

  private getOrLoad(name: string): Promise<Room> {
    const loaded = this.rooms.get(name);
    if (loaded) return Promise.resolve(loaded);
    const inFlight = this.loading.get(name);
    if (inFlight) return inFlight;
    const load = this.load(name).finally(() => this.loading.delete(name));
    this.loading.set(name, load);
    return load;
  }

  private async load(name: string): Promise<Room> {
    // An append still in flight may hold this room's edits (its room unloaded or was dropped
    // meanwhile): read the store only once it has settled, or the room would miss them for good.
    await this.commits.flush();
    // Subscribed before the store is read: what another instance stores from now on arrives here.
    let created: Room | null = null;
    const early: BusMessage[] = [];
    const unsubscribe = await this.options.bus.subscribe(name, (message) => {
      if (created) created.handleBusMessage(message);
      else early.push(message);
    });
    let room: Room;
    try {
      const [stored, logSize] = await Promise.all([this.options.store.load(name), this.options.store.logSize(name)]);
      const doc = replayStored(stored);
      room = new Room(
        name,
        doc,
        {
          bus: this.options.bus,
          requestCommit: (r) => this.commits.request(r),
          invalidate: (r, error) => this.invalidate(r, error),
          reportRejectedEdits: (_room, conn) => this.options.onEditsRejected?.(conn),
        },
        logSize,
        unsubscribe,
      );
    } catch (error) {
      unsubscribe();
      this.reloadAfterLoad.delete(name);
      throw error;
    }
    room.frozen = this.frozen.has(name);
    this.rooms.set(name, room);
    created = room;
    // Yjs updates commute: those that arrived while we read apply on top of what we read.
    for (const message of early.splice(0)) room.handleBusMessage(message);
    if (this.reloadAfterLoad.delete(name)) this.scheduleReload(name);
    // A log that grew long without being compacted (a crash, or a store written by something
    // else) is compacted once it is open, so the next open is quick.
    this.maybeCompact(room);
    return room;
  }

  /**
   * Reloads a room's stored state into it, coalescing requests: one reload at a time per room,
   * and one more after it if asked for meanwhile (its read may predate what prompted the request).
   */
  private scheduleReload(name: string): void {
    const running = this.reloads.get(name);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.reloads.set(name, state);
    void (async () => {
      let failures = 0;
      do {
        state.again = false;
        if (await this.reload(name)) continue;
        // The store failed too: try again a little later, a few times, rather than keep a gap.
        failures += 1;
        if (failures > MAX_RELOAD_RETRIES) break;
        await new Promise((resolve) => setTimeout(resolve, RELOAD_RETRY_MS * failures));
        state.again = true;
      } while (state.again && !this.closing);
    })().finally(() => this.reloads.delete(name));
  }

  /** Applies the stored state to the loaded room; false if the store could not be read. */
  private async reload(name: string): Promise<boolean> {
    const room = this.rooms.get(name);
    if (!room || this.closing) return true;
    try {
      const stored = replayStored(await this.options.store.load(name));
      if (this.rooms.get(name) === room) {
        room.applyStored(stored);
        room.announceAwareness();
      }
      stored.destroy();
      return true;
    } catch (error) {
      this.options.log.error('room reload failed', { room: name, error });
      return false;
    }
  }

  private scheduleUnloadIfEmpty(room: Room): void {
    if (room.connections.size > 0 || this.closing) return;
    void this.unload(room);
  }

  private async unload(room: Room): Promise<void> {
    // Edits waiting or being stored: the room stays until they are (DESIGN: unload once all is stored).
    await this.commits.flush();
    // A client may have joined while the commit was in flight: then the room stays.
    if (room.connections.size > 0 || this.rooms.get(room.name) !== room || room.hasPending) return;
    this.rooms.delete(room.name);
    room.destroy();
  }

  /** Forgets a room and closes its connections with `reason`; nothing it holds is stored. */
  private drop(room: Room, reason: CloseReasonValue): void {
    if (this.rooms.get(room.name) !== room) return;
    this.rooms.delete(room.name);
    room.closeAll(reason);
    room.destroy();
  }

  /** Drops a room whose in-memory state can no longer be trusted; clients reconnect and resync. */
  private invalidate(room: Room, error: unknown): void {
    if (this.rooms.get(room.name) !== room) return;
    this.options.log.error('room dropped', { room: room.name, error });
    this.rooms.delete(room.name);
    room.closeAll(CloseReason.serverError);
    room.destroy();
  }

  /**
   * Whether a room's log should become a snapshot: after many updates, or once the log outgrows
   * the snapshot (beyond a small floor), so a letter never takes more than about twice its
   * encoded size in the store.
   */
  private needsCompaction(room: Room): boolean {
    if (room.logCount === 0) return false;
    return room.logCount >= this.compactAfterCount || room.logBytes >= this.compactAfterBytes || room.logBytes > Math.max(SMALL_LOG_BYTES, room.snapshotBytes);
  }

  private maybeCompact(room: Room): void {
    if (!this.needsCompaction(room)) return;
    if (this.compacting.has(room.name)) return;
    this.compacting.add(room.name);
    // Off the hot path: after this turn's broadcasts and acknowledgements have gone out.
    setImmediate(() => {
      this.options.store
        .compact(room.name)
        .then(() => this.options.store.logSize(room.name))
        .then((size) => {
          // Commits made while compacting stay in the log and are counted.
          room.logCount = size.count;
          room.logBytes = size.bytes;
          room.snapshotBytes = size.snapshotBytes;
        })
        .catch((error: unknown) => this.options.log.error('compaction failed', { room: room.name, error }))
        .finally(() => this.compacting.delete(room.name));
    });
  }
}
