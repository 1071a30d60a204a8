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
  let state = 7;
  const random = () => {
    // A 32-bit linear congruential generator, exact in integer arithmetic.
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
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
