/**
 * Seeded generation of hostile, odd and valid sync frames for protocol fuzzing. Every frame says
 * what the server must do with it (accept, close as malformed, as a text frame, as too big) or that
 * either is fine; a frame's fate is then observed over the wire, never asked of the server's code.
 * Same seed, same frames: the frames depend only on the seed and the base document.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { LetterBodyLimits } from '../../shared/limits';
import { BODY_FRAGMENT, MAX_FRAME_BYTES, MessageType, SyncMessageType } from '../../shared/protocol';
import { encodeFrame } from './frames';
import { createRandom, randomEdit } from './randomEdits';

/** What the server must do with a frame. `either`: accepting and closing as malformed are both right. */
export type FrameExpectation = 'accept' | 'malformed' | 'text' | 'tooBig' | 'either';

/** One generated frame. */
export interface FuzzFrame {
  /** The generator that made it, for counts and failure messages. */
  kind: string;
  data: Uint8Array | string;
  expect: FrameExpectation;
}

/** A deterministic PRNG as `createRandom` returns it. */
export type Random = ReturnType<typeof createRandom>;

const MAX_VARUINT_BYTES = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];

function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  return encodeFrame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** An awareness frame with the given entries, each state already JSON. */
export function awarenessFrame(entries: readonly { clientId: number; clock: number; json: string }[]): Uint8Array {
  return encodeFrame((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(
      e,
      encodeFrame((a) => {
        encoding.writeVarUint(a, entries.length);
        for (const entry of entries) {
          encoding.writeVarUint(a, entry.clientId);
          encoding.writeVarUint(a, entry.clock);
          encoding.writeVarString(a, entry.json);
        }
      }),
    );
  });
}

/** The Yjs update a frame carries if it is a well-formed sync Update or SyncStep2, else null (read with lib0, as a client would). */
export function updateCarriedBy(data: Uint8Array | string): Uint8Array | null {
  if (typeof data === 'string') return null;
  try {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== MessageType.sync) return null;
    const syncType = decoding.readVarUint(decoder);
    if (syncType !== SyncMessageType.step2 && syncType !== SyncMessageType.update) return null;
    const update = decoding.readVarUint8Array(decoder);
    return decoding.hasContent(decoder) ? null : update;
  } catch {
    return null;
  }
}

/** Whether Yjs itself refuses to decode `update`: then no server may accept it. */
function yjsRefuses(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    return false;
  } catch {
    return true;
  }
}

/** A small random JSON value, like a presence state (names, colours, cursors), sometimes odd. */
function randomJson(random: Random, depth = 0): unknown {
  const choice = random.int(depth > 3 ? 4 : 7);
  if (choice === 0) return random.int(1_000_000) - 500;
  if (choice === 1) return random.pick(['Alice', 'Bob', '😀 ü', '', '\u0000', '"quoted"', 'x'.repeat(random.int(300))]);
  if (choice === 2) return random.next() < 0.5;
  if (choice === 3) return null;
  if (choice === 4) return Array.from({ length: random.int(4) }, () => randomJson(random, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = random.int(4); i > 0; i -= 1) object[random.pick(['user', 'cursor', 'name', 'color', '__proto__', 'constructor'])] = randomJson(random, depth + 1);
  return object;
}

/** A Yjs update carrying a `depth`-deep nested array (ContentAny), hand-encoded: Yjs's own encoder would overflow the stack first. */
function deeplyNestedUpdate(clientId: number, depth: number): Uint8Array {
  return encodeFrame((e) => {
    encoding.writeVarUint(e, 1); // one client
    encoding.writeVarUint(e, 1); // one struct
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, 0); // clock
    encoding.writeUint8(e, 8); // Item, ContentAny, no origins, parent given
    encoding.writeVarUint(e, 1); // parent is a root type named by a string
    encoding.writeVarString(e, 'fuzz');
    encoding.writeVarUint(e, 1); // one value
    for (let i = 0; i < depth; i += 1) {
      encoding.writeUint8(e, 117); // array
      encoding.writeVarUint(e, 1);
    }
    encoding.writeUint8(e, 127); // undefined
    encoding.writeVarUint(e, 0); // empty delete set
  });
}

/** A valid update that adds `length` characters to a root Y.Text, from a fresh client. */
function textInsertUpdate(clientId: number, root: string, length: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  doc.getText(root).insert(0, 'L'.repeat(length));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** A valid sync Update frame of exactly `size` bytes. */
export function validUpdateFrameOfSize(clientId: number, size: number): Uint8Array {
  let length = size;
  for (;;) {
    const frame = syncFrame(SyncMessageType.update, textInsertUpdate(clientId, 'at-the-limit', length));
    if (frame.byteLength === size) return frame;
    length -= frame.byteLength - size;
  }
}

/** A copy of `bytes` changed in one of the ways a broken or hostile client changes frames. */
export function mutateBytes(bytes: Uint8Array, random: Random): Uint8Array {
  const copy = Array.from(bytes);
  const at = () => random.int(copy.length + 1);
  switch (random.int(8)) {
    case 0:
      for (let flips = 1 + random.int(4); flips > 0 && copy.length > 0; flips -= 1) copy[random.int(copy.length)] = random.int(256);
      break;
    case 1:
      if (copy.length > 0) copy[random.int(copy.length)] = random.pick([0x00, 0x7f, 0x80, 0xff]);
      break;
    case 2:
      copy.splice(at(), 0, ...Array.from({ length: 1 + random.int(8) }, () => random.int(256)));
      break;
    case 3:
      copy.splice(random.int(copy.length), 1 + random.int(8));
      break;
    case 4:
      copy.length = random.int(copy.length);
      break;
    case 5: {
      const start = random.int(copy.length);
      copy.splice(at(), 0, ...copy.slice(start, start + 1 + random.int(16)));
      break;
    }
    case 6:
      copy.splice(random.int(copy.length), 1, ...MAX_VARUINT_BYTES);
      break;
    default: {
      const start = random.int(copy.length);
      const piece = copy.splice(start, 1 + random.int(8));
      copy.splice(random.int(copy.length + 1), 0, ...piece);
    }
  }
  return Uint8Array.from(copy);
}

/** Builds fuzz frames for one room from a seed and the room's state before fuzzing. */
export class FrameFuzzer {
  private readonly random: Random;
  private readonly editors: Y.Doc[] = [];
  private readonly foreignDocs = new Map<number, Y.Doc>();
  private readonly awarenessClocks = new Map<number, number>();
  private nextClientId: number;

  constructor(
    readonly seed: number,
    private readonly base: Uint8Array,
  ) {
    this.random = createRandom(seed);
    // Fuzz client ids live in their own range, far from Yjs's random 32-bit ids of honest clients.
    this.nextClientId = 3_000_000_000 + this.random.int(1_000_000) * 1000;
  }

  /** A fresh client id, never used before by this fuzzer. */
  clientId(): number {
    this.nextClientId += 1;
    return this.nextClientId;
  }

  /** A document that starts from the base state and edits as a fresh client. */
  private editorFromBase(): Y.Doc {
    const doc = new Y.Doc();
    doc.clientID = this.clientId();
    Y.applyUpdate(doc, this.base);
    return doc;
  }

  /** One random edit of an editor, as the update it produced. */
  private editUpdate(doc: Y.Doc): Uint8Array {
    const before = Y.encodeStateVector(doc);
    randomEdit(doc, this.random);
    return Y.encodeStateAsUpdate(doc, before);
  }

  /** A valid edit from one of a few long-lived fuzz editors, as an Update or a SyncStep2. */
  validEdit(): FuzzFrame {
    if (this.editors.length < 4) this.editors.push(this.editorFromBase());
    const update = this.editUpdate(this.random.pick(this.editors));
    const syncType = this.random.next() < 0.8 ? SyncMessageType.update : SyncMessageType.step2;
    return { kind: 'valid edit', data: syncFrame(syncType, update), expect: 'accept' };
  }

  /** A valid update shaped for another document: a map, text or array where the letter keeps its body, or a type clash. */
  foreignStructure(): FuzzFrame {
    const shape = this.random.int(6);
    // One long-lived document per shape, so the room does not collect a client per frame.
    let doc = this.foreignDocs.get(shape);
    if (!doc) {
      doc = shape === 5 ? this.editorFromBase() : new Y.Doc();
      doc.clientID = this.clientId();
      this.foreignDocs.set(shape, doc);
    }
    const word = `foreign ${this.random.int(1000)}`;
    const before = Y.encodeStateVector(doc);
    if (shape === 0) doc.getMap(BODY_FRAGMENT).set(word, { nested: [1, 2, 3] });
    else if (shape === 1) doc.getText(BODY_FRAGMENT).insert(0, word);
    else if (shape === 2) doc.getArray(BODY_FRAGMENT).insert(0, [word, 7, new Y.Map()]);
    else if (shape === 3) doc.getXmlFragment('notes').insert(0, [new Y.XmlElement('paragraph')]);
    else if (shape === 4) doc.getText('meta').insert(0, word);
    else {
      // A type inside the body that the editor never makes, between the existing blocks.
      const body = doc.getXmlFragment(BODY_FRAGMENT);
      body.insert(this.random.int(body.length + 1), [new Y.XmlText(word)]);
    }
    return { kind: 'foreign structure', data: syncFrame(SyncMessageType.update, Y.encodeStateAsUpdate(doc, before)), expect: 'accept' };
  }

  /** A valid awareness update for one fuzz client (a state or its removal). */
  validAwareness(): FuzzFrame {
    const clientId = this.random.next() < 0.7 && this.awarenessClocks.size > 0 ? this.random.pick([...this.awarenessClocks.keys()]) : this.clientId();
    const clock = (this.awarenessClocks.get(clientId) ?? 0) + 1;
    this.awarenessClocks.set(clientId, clock);
    const json = this.random.next() < 0.15 ? 'null' : JSON.stringify(randomJson(this.random));
    return { kind: 'valid awareness', data: awarenessFrame([{ clientId, clock, json }]), expect: 'accept' };
  }

  /** Any frame a well-behaved client may send besides edits (the last kind, an odd update, only if `withUpdate`). */
  validOther(withUpdate = true): FuzzFrame {
    const choice = this.random.int(withUpdate ? 5 : 4);
    if (choice === 0) return { kind: 'query awareness', data: encodeFrame((e) => encoding.writeVarUint(e, MessageType.queryAwareness)), expect: 'accept' };
    if (choice === 1) {
      const doc = this.editorFromBase();
      const stateVector = Y.encodeStateVector(doc);
      doc.destroy();
      return { kind: 'sync step 1', data: syncFrame(SyncMessageType.step1, stateVector), expect: 'accept' };
    }
    if (choice === 2) {
      const data = encodeFrame((e) => {
        encoding.writeVarUint(e, MessageType.auth);
        encoding.writeVarUint(e, 0);
        encoding.writeVarString(e, 'permission denied?');
      });
      return { kind: 'auth', data, expect: 'accept' };
    }
    if (choice === 3) return { kind: 'empty update', data: syncFrame(SyncMessageType.update, new Uint8Array([0, 0])), expect: 'accept' };
    // A GC run of enormous length followed by an item: valid, if odd.
    const data = syncFrame(
      SyncMessageType.update,
      encodeFrame((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint(e, this.clientId());
        encoding.writeVarUint(e, 0);
        encoding.writeUint8(e, 0); // GC
        encoding.writeVarUint(e, 2 ** 40 + this.random.int(1000));
        encoding.writeUint8(e, 4); // Item, ContentString, parent given
        encoding.writeVarUint(e, 1);
        encoding.writeVarString(e, 'fuzz-gc');
        encoding.writeVarString(e, 'after a long gap');
        encoding.writeVarUint(e, 0);
      }),
    );
    return { kind: 'huge gc run', data, expect: 'accept' };
  }

  /** A mutated copy of a valid frame, made from a throwaway editor so that no two accepted updates share an id. */
  mutated(): FuzzFrame {
    const choice = this.random.int(4);
    let source: Uint8Array;
    if (choice <= 1) {
      const editor = this.editorFromBase();
      source = syncFrame(SyncMessageType.update, this.editUpdate(editor));
      editor.destroy();
    } else if (choice === 2) {
      source = awarenessFrame([{ clientId: this.clientId(), clock: 1, json: JSON.stringify(randomJson(this.random)) }]);
    } else {
      source = this.validOther().data as Uint8Array;
    }
    const data = mutateBytes(source, this.random);
    const update = updateCarriedBy(data);
    return { kind: 'mutated', data, expect: update && yjsRefuses(update) ? 'malformed' : 'either' };
  }

  /** A frame no server may accept, or one at an edge (deep nesting, floods of presence entries). */
  hostile(): FuzzFrame {
    const random = this.random;
    // Twenty draws over sixteen kinds: the cheap first four twice as often as the large ones.
    switch (random.int(20) % 16) {
      case 0:
        return { kind: 'truncated varint', data: Uint8Array.from(random.pick([[0x80], [0x80, 0x80, 0x80], [0, 0x80], [0, 2, 0x80], [1, 0xff, 0xff]])), expect: 'malformed' };
      case 1: {
        const data = encodeFrame((e) => {
          encoding.writeVarUint(e, random.pick([MessageType.sync, MessageType.awareness]));
          if (random.next() < 0.5) encoding.writeVarUint(e, SyncMessageType.update);
          encoding.writeVarUint(e, random.pick([2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER, 100_000]));
          encoding.writeUint8Array(e, Uint8Array.from({ length: random.int(20) }, () => random.int(256)));
        });
        return { kind: 'huge declared length', data, expect: 'malformed' };
      }
      case 2:
        return { kind: 'varint over 53 bits', data: Uint8Array.from([random.int(2), ...MAX_VARUINT_BYTES, 0]), expect: 'malformed' };
      case 3: {
        const type = random.pick([4, 5, 17, 99, MessageType.savedStateVector, MessageType.letterEvent, 102, 65_535, 2 ** 32]);
        const data = encodeFrame((e) => {
          encoding.writeVarUint(e, type);
          encoding.writeVarUint8Array(e, Uint8Array.from({ length: random.int(10) }, () => random.int(256)));
        });
        return { kind: 'unknown message type', data, expect: 'malformed' };
      }
      case 4:
        return { kind: 'unknown sync type', data: syncFrame(3 + random.int(1000), new Uint8Array([0, 0])), expect: 'malformed' };
      case 5: {
        const update = Uint8Array.from({ length: 1 + random.int(200) }, () => random.int(256));
        return { kind: 'garbage update', data: syncFrame(SyncMessageType.update, update), expect: yjsRefuses(update) ? 'malformed' : 'either' };
      }
      case 6: {
        const valid = this.validOther().data as Uint8Array;
        return { kind: 'trailing bytes', data: Uint8Array.from([...valid, ...Array.from({ length: 1 + random.int(5) }, () => random.int(256))]), expect: 'malformed' };
      }
      case 7:
        return { kind: 'empty frame', data: new Uint8Array(0), expect: 'malformed' };
      case 8: {
        const json = random.pick(['{not json', '', 'undefined', '{"a":1', '\u00ff\u00fe']);
        return { kind: 'bad awareness', data: awarenessFrame([{ clientId: this.clientId(), clock: 1, json }]), expect: 'malformed' };
      }
      case 9:
        return { kind: 'deep update', data: syncFrame(SyncMessageType.update, deeplyNestedUpdate(this.clientId(), random.pick([200, 2_000, 7_000 + random.int(1_200), 50_000]))), expect: 'either' };
      case 10: {
        const depth = random.pick([200, 5_000, 100_000]);
        const json = `${'['.repeat(depth)}${']'.repeat(depth)}`;
        return { kind: 'deep awareness', data: awarenessFrame([{ clientId: this.clientId(), clock: 1, json }]), expect: 'either' };
      }
      case 11:
        return { kind: 'text frame', data: random.pick(['hello', '{"type":"sync"}', '\u0000\u0001', '😀'.repeat(random.int(100))]), expect: 'text' };
      case 12:
        return { kind: 'over the size limit', data: new Uint8Array(MAX_FRAME_BYTES + 1 + random.int(65_536)), expect: 'tooBig' };
      case 13: {
        // Exactly the limit, a valid header, garbage inside.
        const block = Uint8Array.from({ length: 4096 }, () => random.int(256));
        const data = new Uint8Array(MAX_FRAME_BYTES);
        for (let offset = 0; offset < data.length; offset += block.length) data.set(block.subarray(0, data.length - offset), offset);
        data.set(syncFrame(SyncMessageType.update, new Uint8Array(0)).subarray(0, 2));
        return { kind: 'garbage at the size limit', data, expect: 'malformed' };
      }
      case 14: {
        // Removals of clients nobody announced: valid, and must not pile up in memory.
        const start = this.clientId();
        this.nextClientId += 20_000;
        const entries = Array.from({ length: 20_000 }, (_, i) => ({ clientId: start + i, clock: 1 + random.int(5), json: 'null' }));
        return { kind: 'presence removal flood', data: awarenessFrame(entries), expect: 'accept' };
      }
      default: {
        const start = this.clientId();
        this.nextClientId += 1_000;
        const entries = Array.from({ length: 1_000 }, (_, i) => ({ clientId: start + i, clock: 1, json: '{"user":{"name":"ghost"}}' }));
        return { kind: 'presence flood', data: awarenessFrame(entries), expect: 'accept' };
      }
    }
  }

  /**
   * The frames of one socket: valid frames first (so they are processed), then perhaps a few
   * mutated ones, then perhaps one hostile frame.
   */
  script(): FuzzFrame[] {
    const frames: FuzzFrame[] = [];
    for (let n = this.random.int(10); n > 0; n -= 1) {
      const choice = this.random.int(10);
      if (choice <= 3) frames.push(this.validEdit());
      else if (choice === 4) frames.push(this.foreignStructure());
      else if (choice <= 6) frames.push(this.validAwareness());
      else frames.push(this.validOther());
    }
    for (let n = this.random.next() < 0.5 ? this.random.int(3) : 0; n > 0; n -= 1) frames.push(this.mutated());
    if (this.random.next() < 0.8 || frames.length === 0) frames.push(this.hostile());
    return frames;
  }

  /**
   * Like `script`, but without edits: presence, queries and refused frames, which must all leave
   * the server's memory as they found it.
   */
  noiseScript(): FuzzFrame[] {
    const frames = Array.from({ length: this.random.int(6) }, () => (this.random.next() < 0.5 ? this.validAwareness() : this.validOther(false)));
    frames.push(this.hostile());
    return frames;
  }

  /** Many small valid frames for one burst: keystroke edits, presence updates and queries. */
  flood(count: number): FuzzFrame[] {
    const editor = this.editorFromBase();
    this.editors.push(editor);
    const text = editor.getText(`flood-${editor.clientID}`);
    const clientId = this.clientId();
    return Array.from({ length: count }, (_, i): FuzzFrame => {
      if (i % 3 === 0) {
        const before = Y.encodeStateVector(editor);
        text.insert(text.length, String.fromCharCode(97 + (i % 26)));
        return { kind: 'flood edit', data: syncFrame(SyncMessageType.update, Y.encodeStateAsUpdate(editor, before)), expect: 'accept' };
      }
      if (i % 3 === 1) return { kind: 'flood presence', data: awarenessFrame([{ clientId, clock: i, json: `{"cursor":${i}}` }]), expect: 'accept' };
      return { kind: 'flood query', data: encodeFrame((e) => encoding.writeVarUint(e, MessageType.queryAwareness)), expect: 'accept' };
    });
  }

  /**
   * A valid edit that makes a large letter: half of what a letter may hold, so honest edits after
   * it stay within LetterBodyLimits (an edit beyond them is refused with 4413, not fuzzed here).
   */
  largeLetter(): FuzzFrame {
    const length = Math.floor(LetterBodyLimits.maxContentSize / 2);
    return { kind: 'valid edit making a large letter', data: syncFrame(SyncMessageType.update, textInsertUpdate(this.clientId(), 'large-letter', length)), expect: 'accept' };
  }

  /** Releases the editors' documents. */
  destroy(): void {
    for (const doc of [...this.editors, ...this.foreignDocs.values()]) doc.destroy();
  }
}
