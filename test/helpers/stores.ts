/** DocStore wrappers for `startServer({ wrapDocStore })`: hold or fail loads and appends on cue. */
import type { DocStore } from '../../server/collab/docStore';

/** A promise the test releases when it chooses. */
export interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}

/** Creates a closed gate. */
export function createGate(): Gate {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** A store that delegates to `store` except for the methods in `overrides`. */
export function delegatingStore(store: DocStore, overrides: Partial<DocStore>): DocStore {
  return {
    load: (room) => store.load(room),
    append: (batch) => store.append(batch),
    logSize: (room) => store.logSize(room),
    compact: (room) => store.compact(room),
    loadForUpdate: (trx, room) => store.loadForUpdate(trx, room),
    delete: (trx, room) => store.delete(trx, room),
    scrub: () => store.scrub(),
    close: () => store.close(),
    ...overrides,
  };
}

/** Controls for a store whose loads and appends a test can hold or fail, per room. */
export interface ControlledStore {
  /** Pass to `startServer` as `wrapDocStore`. */
  wrap(store: DocStore): DocStore;
  /** Rooms whose every load call was seen, in order. */
  readonly loadCalls: string[];
  /** Rooms of every append batch entry seen, in order. */
  readonly appendCalls: string[][];
  /** Holds the next loads of `room` until the returned gate opens. */
  holdLoads(room: string): Gate;
  /** Makes the next load of `room` reject with `error`. */
  failNextLoad(room: string, error: Error): void;
  /** Holds every append until the returned gate opens. */
  holdAppends(): Gate;
  /** Makes the next append reject with `error`, storing nothing. */
  failNextAppend(error: Error): void;
}

/** Creates a controllable store wrapper; nothing is held or failed until asked. */
export function createControlledStore(): ControlledStore {
  const loadCalls: string[] = [];
  const appendCalls: string[][] = [];
  const loadGates = new Map<string, Gate>();
  const loadFailures = new Map<string, Error>();
  let appendGate: Gate | null = null;
  let appendFailure: Error | null = null;

  return {
    loadCalls,
    appendCalls,
    holdLoads(room) {
      const gate = createGate();
      loadGates.set(room, gate);
      return gate;
    },
    failNextLoad(room, error) {
      loadFailures.set(room, error);
    },
    failNextAppend(error) {
      appendFailure = error;
    },
    holdAppends() {
      const gate = createGate();
      appendGate = gate;
      return gate;
    },
    wrap(store) {
      return delegatingStore(store, {
        async load(room) {
          loadCalls.push(room);
          const failure = loadFailures.get(room);
          if (failure) {
            loadFailures.delete(room);
            throw failure;
          }
          await loadGates.get(room)?.promise;
          return store.load(room);
        },
        async append(batch) {
          appendCalls.push(batch.map((entry) => entry.room));
          const failure = appendFailure;
          if (failure) {
            appendFailure = null;
            throw failure;
          }
          await appendGate?.promise;
          return store.append(batch);
        },
      });
    },
  };
}

/** A store call held until the test releases it (the call then proceeds) or fails it (the call rejects, storing nothing). */
export interface Hold {
  readonly promise: Promise<void>;
  /** Whether the test has released or failed it yet. */
  readonly settled: boolean;
  release(): void;
  fail(error: Error): void;
}

/** Creates a hold that nothing waits on yet. */
export function createHold(): Hold {
  let resolvePromise: () => void = () => {};
  let rejectPromise: (error: Error) => void = () => {};
  const promise = new Promise<void>((resolve, reject) => {
    resolvePromise = resolve;
    rejectPromise = reject;
  });
  // Failing a hold before any call reached it is not an unhandled rejection.
  promise.catch(() => {});
  const hold = {
    promise,
    settled: false,
    release() {
      hold.settled = true;
      resolvePromise();
    },
    fail(error: Error) {
      hold.settled = true;
      rejectPromise(error);
    },
  };
  return hold;
}

/** Faults a FaultyStore has injected so far. */
export interface InjectedFaults {
  failedLoads: number;
  failedAppends: number;
  heldLoads: number;
  heldAppends: number;
}

/** Controls for a store whose next loads and appends a test holds or fails, one call at a time. */
export interface FaultyStore {
  /** Pass to `startServer` as `wrapDocStore`. */
  wrap(store: DocStore): DocStore;
  /** Rooms of every load call, in order. */
  readonly loadCalls: string[];
  /** Rooms of every append batch, in order. */
  readonly appendCalls: string[][];
  /** Every fault that took effect (a hold counts when a call reaches it). */
  readonly injected: InjectedFaults;
  /** Loads and log-size reads started and not yet settled (on PostgreSQL each takes a round trip). */
  readonly readsInFlight: number;
  /** Holds the next load of `room`. */
  holdNextLoad(room: string): Hold;
  /** Makes the next `count` loads of `room` reject. */
  failLoads(room: string, count: number, error?: Error): void;
  /** Holds the next append. */
  holdNextAppend(): Hold;
  /** Makes the next `count` appends reject, storing nothing. */
  failAppends(count: number, error?: Error): void;
}

/** Creates a store wrapper that injects faults only when asked, and counts them. */
export function createFaultyStore(): FaultyStore {
  const loadCalls: string[] = [];
  const appendCalls: string[][] = [];
  const injected: InjectedFaults = { failedLoads: 0, failedAppends: 0, heldLoads: 0, heldAppends: 0 };
  const loadHolds = new Map<string, Hold>();
  const loadFailures = new Map<string, { count: number; error: Error }>();
  let appendHold: Hold | null = null;
  let appendFailures = { count: 0, error: new Error('append failed (injected by the test)') };
  let readsInFlight = 0;
  const counted = async <T>(read: () => Promise<T>): Promise<T> => {
    readsInFlight += 1;
    try {
      return await read();
    } finally {
      readsInFlight -= 1;
    }
  };

  /** Waits on a hold, counting a failed one as an injected failure. */
  const wait = async (hold: Hold, failed: 'failedLoads' | 'failedAppends') => {
    try {
      await hold.promise;
    } catch (error) {
      injected[failed] += 1;
      throw error;
    }
  };

  return {
    loadCalls,
    appendCalls,
    injected,
    get readsInFlight() {
      return readsInFlight;
    },
    holdNextLoad(room) {
      const hold = createHold();
      loadHolds.set(room, hold);
      return hold;
    },
    failLoads(room, count, error = new Error('load failed (injected by the test)')) {
      loadFailures.set(room, { count, error });
    },
    holdNextAppend() {
      appendHold = createHold();
      return appendHold;
    },
    failAppends(count, error = new Error('append failed (injected by the test)')) {
      appendFailures = { count, error };
    },
    wrap(store) {
      return delegatingStore(store, {
        load(room) {
          return counted(async () => {
            loadCalls.push(room);
            const failure = loadFailures.get(room);
            if (failure && failure.count > 0) {
              failure.count -= 1;
              injected.failedLoads += 1;
              throw failure.error;
            }
            const hold = loadHolds.get(room);
            if (hold) {
              loadHolds.delete(room);
              // A hold released before the call reached it delayed nothing.
              if (!hold.settled) injected.heldLoads += 1;
              await wait(hold, 'failedLoads');
            }
            return store.load(room);
          });
        },
        logSize: (room) => counted(() => store.logSize(room)),
        async append(batch) {
          appendCalls.push(batch.map((entry) => entry.room));
          if (appendFailures.count > 0) {
            appendFailures.count -= 1;
            injected.failedAppends += 1;
            throw appendFailures.error;
          }
          const hold = appendHold;
          if (hold) {
            appendHold = null;
            if (!hold.settled) injected.heldAppends += 1;
            await wait(hold, 'failedAppends');
          }
          return store.append(batch);
        },
      });
    },
  };
}
