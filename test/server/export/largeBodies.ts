/** Letter bodies at and beyond LetterBodyLimits, built as updates to store or send. */
import * as Y from 'yjs';
import { contentSizeOf } from '../../../server/collab/bodyLimits';
import { bodyOf } from '../../helpers/ydoc';

const SENTENCE = 'The patient reports recurrent severe hypoglycemia, and the facility has not provided the insulin prescribed at intake. ';

/** Paragraphs of about a thousand characters of ordinary text, adding up to about `size` (as the limit counts it). */
export function largestLetterUpdate(size: number): Uint8Array {
  const doc = new Y.Doc();
  try {
    const body = bodyOf(doc);
    const text = SENTENCE.repeat(Math.ceil(1_000 / SENTENCE.length));
    const perParagraph = (() => {
      const probe = new Y.Doc();
      bodyOf(probe).insert(0, [paragraph(text)]);
      const weight = contentSizeOf(probe);
      probe.destroy();
      return weight;
    })();
    const count = Math.floor(size / perParagraph);
    doc.transact(() => body.insert(0, Array.from({ length: count }, () => paragraph(text))));
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  const node = new Y.XmlText();
  node.insert(0, text);
  element.insert(0, [node]);
  return element;
}

/**
 * A body whose deepest node sits `depth` levels down: blockquotes within blockquotes, then a
 * paragraph and its text. Built one level at a time (each inserted into the one above once that
 * is in the document), since inserting a prepared nested tree would recurse once per level.
 */
export function nestedBodyUpdate(depth: number): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      let parent: Y.XmlFragment | Y.XmlElement = bodyOf(doc);
      for (let level = 1; level <= depth - 2; level += 1) {
        const quote = new Y.XmlElement('blockquote');
        parent.insert(0, [quote]);
        parent = quote;
      }
      parent.insert(0, [paragraph('The deepest words of the letter.')]);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
