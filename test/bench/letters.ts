/** Letter bodies for scenarios that need letters with content. */
import * as Y from 'yjs';

const CHARS_PER_PARAGRAPH = 300;
const WORDS = 'we write on behalf of the patient who has been held in detention since spring and whose condition requires ';

/**
 * A letter of `paragraphs` paragraphs as typing makes it (one character per transaction at a
 * cursor that sometimes jumps, so its document has the items a real one has, not one big
 * insert), as one update.
 */
export function typedLetter(paragraphs: number): Uint8Array {
  return typeLetter((_doc, typed) => typed >= paragraphs);
}

/** A typed letter (as `typedLetter`) of at least `minBytes` encoded. */
export function typedLetterOfSize(minBytes: number): Uint8Array {
  // Encoding is costly for a big letter, so the size is checked every ten paragraphs.
  return typeLetter((doc, typed) => typed % 10 === 0 && typed > 0 && Y.encodeStateAsUpdate(doc).byteLength >= minBytes);
}

function typeLetter(done: (doc: Y.Doc, paragraphs: number) => boolean): Uint8Array {
  const doc = new Y.Doc();
  // A fixed author and a seeded cursor: the same letter, byte for byte, every run.
  doc.clientID = 1;
  const random = linearCongruential(7);
  const fragment = doc.getXmlFragment('default');
  for (let typed = 0; !done(doc, typed); typed += 1) {
    const text = new Y.XmlText();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [text]);
    fragment.push([paragraph]);
    let cursor = 0;
    for (let c = 0; c < CHARS_PER_PARAGRAPH; c += 1) {
      if (random() < 0.05) cursor = Math.floor(random() * (text.length + 1));
      doc.transact(() => text.insert(cursor, WORDS[c % WORDS.length] ?? ' '));
      cursor += 1;
    }
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** A long editing session as its updates, one per keystroke, and the document's state after it. */
export interface EditingTrace {
  updates: Uint8Array[];
  /** `Y.encodeStateAsUpdate` of the document once every update is applied. */
  state: Uint8Array;
}

/**
 * `keystrokes` single-character edits as one person makes them: typing at a cursor that sometimes
 * jumps, with about one in ten keystrokes a backspace, a new paragraph every 300 keystrokes. Each
 * keystroke is its own update, as a provider sends it. The same trace, byte for byte, every run.
 */
export function editingTrace(keystrokes: number): EditingTrace {
  const doc = new Y.Doc();
  doc.clientID = 1;
  const random = linearCongruential(11);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const fragment = doc.getXmlFragment('default');
  let text = new Y.XmlText();
  let cursor = 0;
  for (let typed = 0; typed < keystrokes; typed += 1) {
    if (typed % CHARS_PER_PARAGRAPH === 0) {
      const paragraph = new Y.XmlElement('paragraph');
      text = new Y.XmlText();
      paragraph.insert(0, [text]);
      fragment.push([paragraph]);
      cursor = 0;
    }
    if (random() < 0.05) cursor = Math.floor(random() * (text.length + 1));
    if (cursor > 0 && random() < 0.1) {
      text.delete(cursor - 1, 1);
      cursor -= 1;
    } else {
      text.insert(cursor, WORDS[typed % WORDS.length] ?? ' ');
      cursor += 1;
    }
  }
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { updates, state };
}

/** A 32-bit linear congruential generator, exact in integer arithmetic. */
function linearCongruential(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
