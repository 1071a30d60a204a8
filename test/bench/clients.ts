/**
 * The generator's clients. Typists are stock providers (y-websocket's, or Hocuspocus's for
 * Hocuspocus) that type into their own paragraph of the letter. Observers are thin protocol
 * clients: a raw socket that completes the handshake and decodes incoming updates only for their
 * send times, with no Y.Doc, so thirty clients in one process measure the server, not the generator.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { BenchServer } from './servers';
import { readStamps, writeStamp } from './stamps';

/** Where clients report what they see. */
export interface Meter {
  /** An update sent at `sentAt` reached a client at `receivedAt` (both `performance.now()`). */
  receive(sentAt: number, receivedAt: number): void;
  /** A socket or provider error. */
  error(what: string): void;
  /** A connection that closed while the run still needed it. */
  disconnect(what: string): void;
}

/** A connected client. */
export interface BenchClient {
  /** Resolves once the client holds the letter (synced; for the relay, open). */
  ready: Promise<void>;
  close(): void;
}

/** A thin client that can also send edits of its own. */
export interface Observer extends BenchClient {
  /**
   * Sends each update as its own frame, as a provider sends keystrokes, pausing whenever the
   * socket has a backlog; resolves once every frame was handed to the network.
   */
  sendUpdates(updates: readonly Uint8Array[]): Promise<void>;
}

/** Frames an observer sends before waiting for its socket's backlog to clear. */
const SEND_BURST = 200;

/** A client that types. */
export interface Typist extends BenchClient {
  /** The number of paragraphs it sees (each typist adds one). */
  paragraphs(): number;
  /** Adds the typist's own paragraph at the end of the letter. */
  addParagraph(): void;
  /** One keystroke: a character at the typist's cursor, stamped with the send time, which it returns. */
  keystroke(): number;
}

/** The letter body, as in Casewrite's editor. */
const BODY = 'default';
/** Marks the typist's own transactions, whose updates it must not count as received. */
const LOCAL = Symbol('local edit');
const TEXT = 'the quick brown fox jumps over the lazy dog while the committee reads the letter ';
/** How often a keystroke moves the cursor elsewhere in the paragraph first (a click, an arrow key). */
const JUMP_PROBABILITY = 0.1;

/** Opens a typist on `room`; `seed` makes its cursor moves repeatable. */
export function openTypist(server: BenchServer, room: string, meter: Meter, seed: number): Typist {
  const doc = new Y.Doc();
  const random = seededRandom(seed);
  let closing = false;
  let typed = 0;
  let cursor = 0;
  let own: Y.XmlText | null = null;

  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === LOCAL) return;
    const receivedAt = performance.now();
    readStamps(update, (sentAt) => meter.receive(sentAt, receivedAt));
  });

  const connection = server.kind.protocol === 'hocuspocus' ? connectHocuspocus(server, room, doc, meter, () => closing) : connectYWebsocket(server, room, doc, meter, () => closing);
  const fragment = doc.getXmlFragment(BODY);

  return {
    ready: connection.ready,
    close() {
      closing = true;
      connection.destroy();
      doc.destroy();
    },
    paragraphs: () => fragment.length,
    addParagraph() {
      const paragraph = new Y.XmlElement('paragraph');
      own = new Y.XmlText();
      paragraph.insert(0, [own]);
      doc.transact(() => fragment.push([paragraph]), LOCAL);
    },
    keystroke() {
      const text = own;
      if (!text) throw new Error('keystroke before addParagraph');
      if (random() < JUMP_PROBABILITY) cursor = Math.floor(random() * (text.length + 1));
      const char = TEXT[typed % TEXT.length] ?? ' ';
      typed += 1;
      const sentAt = performance.now();
      doc.transact(() => {
        text.insert(Math.min(cursor, text.length), char);
        writeStamp(doc, sentAt);
      }, LOCAL);
      cursor += 1;
      return sentAt;
    },
  };
}

interface ProviderConnection {
  ready: Promise<void>;
  destroy(): void;
}

function connectYWebsocket(server: BenchServer, room: string, doc: Y.Doc, meter: Meter, closing: () => boolean): ProviderConnection {
  const provider = new WebsocketProvider(server.kind.baseUrl(server.port), room, doc, {
    // ws's WebSocket implements the browser API the provider uses; the DOM typings differ only in
    // browser-only members it never touches.
    WebSocketPolyfill: webSocketWithOrigin(server.origin) as unknown as typeof globalThis.WebSocket,
    // Essential: without it, providers in one process sync through Node's BroadcastChannel and
    // bypass the server under test.
    disableBc: true,
  });
  provider.on('connection-error', () => meter.error('typist socket error'));
  provider.on('connection-close', () => {
    if (!closing()) meter.disconnect('typist socket closed');
  });
  const ready = new Promise<void>((resolve) => {
    if (!server.kind.answersSync) {
      provider.on('status', ({ status }: { status: string }) => {
        if (status === 'connected') resolve();
      });
      return;
    }
    provider.on('sync', (synced: boolean) => {
      if (synced) resolve();
    });
  });
  return { ready, destroy: () => provider.destroy() };
}

function connectHocuspocus(server: BenchServer, room: string, doc: Y.Doc, meter: Meter, closing: () => boolean): ProviderConnection {
  // Node has no global WebSocket before 22, so the socket is built with ws and attached.
  const socket = new HocuspocusProviderWebsocket({ url: server.kind.baseUrl(server.port), WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: room,
    document: doc,
    onAuthenticationFailed: ({ reason }) => meter.error(`typist authentication failed: ${reason}`),
    onDisconnect: () => {
      if (!closing()) meter.disconnect('typist socket closed');
    },
  });
  const ready = new Promise<void>((resolve) => provider.on('synced', () => resolve()));
  provider.attach();
  return {
    ready,
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** What an observer may do besides watching. */
export interface ObserverOptions {
  /** An edit to send once ready: a letter's body, for scenarios that need letters with one. */
  initialUpdate?: Uint8Array;
  /** Told the server's SyncStep2 (the letter as the server holds it). */
  onStep2?: (update: Uint8Array) => void;
}

/** y-protocols message types the observers need (the same numbers in both protocols). */
const SYNC = 0;
const AUTH = 2;
const STEP1 = 0;
const STEP2 = 1;
const UPDATE = 2;
/** Hocuspocus only: a sync message that does not ask for the server's SyncStep1 in return. */
const HOCUSPOCUS_SYNC_REPLY = 4;
/** Hocuspocus only: the connection-level ping (a single byte) and its pong. */
const HOCUSPOCUS_PING = 9;
const HOCUSPOCUS_PONG = 10;
const AWARENESS = 1;
/**
 * How often an observer renews its presence, as y-protocols' Awareness does (half its 30 s
 * timeout). Besides realism, it keeps typists connected through the relay: a y-websocket
 * provider that hears nothing for 30 s drops its socket, and the relay sends nothing of its own.
 */
const AWARENESS_RENEW_MS = 15_000;
/** An empty document's state vector and update, what an observer that holds nothing sends. */
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/**
 * Opens a thin observer on `room`. For y-websocket servers the frame is `[type][payload]`;
 * Hocuspocus puts the document name first and wants an Auth message (an empty token: the bench
 * server has no onAuthenticate hook) before it syncs.
 */
export function openObserver(server: BenchServer, room: string, meter: Meter, options: ObserverOptions = {}): Observer {
  const { initialUpdate, onStep2 } = options;
  const hocuspocus = server.kind.protocol === 'hocuspocus';
  const url = hocuspocus ? server.kind.baseUrl(server.port) : `${server.kind.baseUrl(server.port)}/${room}`;
  const socket = new WebSocket(url, { origin: server.origin });
  let closing = false;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  }).then(() => {
    if (initialUpdate) sendSync(SYNC, UPDATE, initialUpdate);
  });

  const frame = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
    const encoder = encoding.createEncoder();
    if (hocuspocus) encoding.writeVarString(encoder, room);
    write(encoder);
    return encoding.toUint8Array(encoder);
  };
  const sendSync = (type: number, subType: number, payload: Uint8Array) =>
    socket.send(
      frame((encoder) => {
        encoding.writeVarUint(encoder, type);
        encoding.writeVarUint(encoder, subType);
        encoding.writeVarUint8Array(encoder, payload);
      }),
    );

  // A y-protocols awareness update with one entry: this client, its clock, an empty state.
  const awarenessId = Math.floor(Math.random() * 0xffffffff);
  let awarenessClock = 0;
  const sendPresence = () => {
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1);
    encoding.writeVarUint(update, awarenessId);
    encoding.writeVarUint(update, awarenessClock);
    encoding.writeVarString(update, '{}');
    awarenessClock += 1;
    socket.send(
      frame((encoder) => {
        encoding.writeVarUint(encoder, AWARENESS);
        encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
      }),
    );
  };
  const presence = setInterval(() => {
    // A server that is still busy may not have accepted the socket yet.
    if (socket.readyState === WebSocket.OPEN) sendPresence();
  }, AWARENESS_RENEW_MS);

  socket.on('open', () => {
    if (hocuspocus) {
      socket.send(
        frame((encoder) => {
          encoding.writeVarUint(encoder, AUTH);
          encoding.writeVarUint(encoder, 0); // token
          encoding.writeVarString(encoder, '');
        }),
      );
    }
    sendSync(SYNC, STEP1, EMPTY_STATE_VECTOR);
    sendPresence();
    if (!server.kind.answersSync) markReady();
  });

  socket.on('message', (data: Buffer) => {
    const receivedAt = performance.now();
    if (hocuspocus && data.length === 1 && data[0] === HOCUSPOCUS_PING) {
      socket.send(Uint8Array.of(HOCUSPOCUS_PONG));
      return;
    }
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (hocuspocus) decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type !== SYNC && !(hocuspocus && type === HOCUSPOCUS_SYNC_REPLY)) return;
    const subType = decoding.readVarUint(decoder);
    if (subType === UPDATE) {
      readStamps(decoding.readVarUint8Array(decoder), (sentAt) => meter.receive(sentAt, receivedAt));
    } else if (subType === STEP2) {
      onStep2?.(decoding.readVarUint8Array(decoder));
      markReady();
    } else if (subType === STEP1 && server.kind.answersSync) {
      // The observer holds nothing, so its answer is the empty update. (Through the relay every
      // client's SyncStep1 reaches every other; providers answer those, observers need not.)
      sendSync(SYNC, STEP2, EMPTY_UPDATE);
    }
  });

  socket.on('error', (error) => meter.error(`observer socket error: ${error.message}`));
  socket.on('close', () => {
    clearInterval(presence);
    if (!closing) meter.disconnect('observer socket closed');
  });

  return {
    ready,
    async sendUpdates(updates) {
      for (const [index, update] of updates.entries()) {
        sendSync(SYNC, UPDATE, update);
        if (index % SEND_BURST !== SEND_BURST - 1) continue;
        while (socket.bufferedAmount > 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      while (socket.bufferedAmount > 0) await new Promise((resolve) => setTimeout(resolve, 1));
    },
    close() {
      closing = true;
      clearInterval(presence);
      socket.close();
    },
  };
}

/** Opens a client now and then until the server's SyncStep2 carries (most of) the letter. */
export async function waitUntilHeld(server: BenchServer, room: string, bytes: number, clients: BenchClient[], meter: Meter): Promise<void> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    let held = 0;
    const probe = openObserver(server, room, meter, { onStep2: (update) => (held = update.byteLength) });
    clients.push(probe);
    await probe.ready;
    // The server re-encodes the letter, so the size differs a little from what was sent.
    if (held >= bytes * 0.9) return;
    if (performance.now() > deadline) throw new Error(`the server holds ${held} of the letter's ${bytes} bytes after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** ws's WebSocket sending `origin` as a page served by that server would (Casewrite checks it). */
function webSocketWithOrigin(origin: string) {
  return class WebSocketWithOrigin extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { origin });
    }
  };
}

/** mulberry32: a small, fast PRNG, so every run moves the cursors the same way. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
