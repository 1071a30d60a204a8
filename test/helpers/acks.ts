/** Listening for Casewrite's durable acknowledgements (MessageType.savedStateVector) on a stock provider. */
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol';
import { WAIT_TIMEOUT_MS } from './wait';
import { stateVectorCovers } from './ydoc';

/** Tracks the acknowledgements a provider (connected with `ack: true`) receives. */
export interface AckTracker {
  /** Every acknowledged state vector, in arrival order. */
  readonly acks: Map<number, number>[];
  /** The count of stored update frames each acknowledgement carried, in the same order. */
  readonly updateFrames: number[];
  /** Resolves once an acknowledgement covers `doc`'s current state; rejects after WAIT_TIMEOUT_MS. */
  waitForSaved(doc: Y.Doc): Promise<void>;
}

/**
 * Registers the provider's handler for message type 100. Call before the provider connects.
 * `onAck` hears each acknowledgement's count of stored update frames.
 */
export function trackAcks(provider: WebsocketProvider, onAck?: (updateFrames: number) => void): AckTracker {
  const acks: Map<number, number>[] = [];
  const updateFrames: number[] = [];
  const waiters = new Set<{ required: Map<number, number>; resolve(): void }>();
  provider.messageHandlers[MessageType.savedStateVector] = (_encoder, decoder) => {
    const acked = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    const frames = decoding.readVarUint(decoder);
    acks.push(acked);
    updateFrames.push(frames);
    onAck?.(frames);
    for (const waiter of waiters) {
      if (stateVectorCovers(acked, waiter.required)) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };
  return {
    acks,
    updateFrames,
    waitForSaved(doc) {
      const required = Y.decodeStateVector(Y.encodeStateVector(doc));
      if (acks.some((acked) => stateVectorCovers(acked, required))) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no acknowledgement covering ${JSON.stringify([...required])} within ${WAIT_TIMEOUT_MS} ms`));
        }, WAIT_TIMEOUT_MS);
        const waiter = {
          required,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        waiters.add(waiter);
      });
    },
  };
}
