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
