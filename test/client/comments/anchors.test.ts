/** Comment anchors: encode on one client, resolve on another, follow edits, detach when the words go. */
import { getSchema } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeAnchor, encodeAnchor, resolveAnchor, type YBinding } from '../../../client/src/comments/anchors';
import { createSchemaExtensions } from '../../../shared/editor';
import { BODY_FRAGMENT } from '../../../shared/protocol';

const schema = getSchema(createSchemaExtensions());

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

/** A Y.Doc holding the paragraphs, as the server seeds a letter. */
function createDoc(...paragraphs: string[]): Y.Doc {
  const ydoc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content: paragraphs.map(paragraph) }, ydoc.getXmlFragment(BODY_FRAGMENT));
  return ydoc;
}

/** The ProseMirror view of a Y.Doc and its binding, as the sync plugin would hold them now. */
function bind(ydoc: Y.Doc): { doc: PmNode; binding: YBinding } {
  const type = ydoc.getXmlFragment(BODY_FRAGMENT);
  const { doc, mapping } = initProseMirrorDoc(type, schema);
  return { doc, binding: { doc: ydoc, type, mapping } };
}

/** The range of the first occurrence of `words` in `doc`. */
function rangeOf(doc: PmNode, words: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  doc.descendants((node, pos) => {
    const index = node.isText ? (node.text ?? '').indexOf(words) : -1;
    if (found === null && index >= 0) found = { from: pos + index, to: pos + index + words.length };
  });
  if (!found) throw new Error(`"${words}" is not in the document`);
  return found;
}

/** The text of paragraph `index` as a Y.XmlText, to edit it like a remote client would. */
function textOf(ydoc: Y.Doc, index: number): Y.XmlText {
  const element = ydoc.getXmlFragment(BODY_FRAGMENT).get(index);
  if (!(element instanceof Y.XmlElement)) throw new Error('not an element');
  const text = element.get(0);
  if (!(text instanceof Y.XmlText)) throw new Error('not text');
  return text;
}

function anchorFor(ydoc: Y.Doc, words: string) {
  const { doc, binding } = bind(ydoc);
  const range = rangeOf(doc, words);
  const anchor = encodeAnchor(binding, range.from, range.to);
  const decoded = decodeAnchor(anchor);
  if (!decoded) throw new Error('anchor did not decode');
  return { range, anchor, decoded };
}

function resolveIn(ydoc: Y.Doc, decoded: NonNullable<ReturnType<typeof decodeAnchor>>) {
  const { doc, binding } = bind(ydoc);
  const range = resolveAnchor(binding, decoded, doc.content.size);
  return { range, text: range ? doc.textBetween(range.from, range.to) : null };
}

describe('comment anchors', () => {
  it('round-trips: the encoded anchor is base64 and resolves to the same range', () => {
    const ydoc = createDoc('The patient needs insulin daily.', 'Second paragraph.');
    const { range, anchor, decoded } = anchorFor(ydoc, 'insulin daily');
    expect(anchor.start).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(anchor.end).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(resolveIn(ydoc, decoded)).toEqual({ range, text: 'insulin daily' });
  });

  it('resolves on another client that received the document', () => {
    const ydoc = createDoc('Alpha beta gamma.');
    const { decoded } = anchorFor(ydoc, 'beta');
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
    expect(resolveIn(other, decoded).text).toBe('beta');
  });

  it('follows the words when text is inserted before them or in another paragraph', () => {
    const ydoc = createDoc('Intro.', 'He was denied his medication.');
    const { decoded } = anchorFor(ydoc, 'denied his medication');
    textOf(ydoc, 1).insert(0, 'For weeks, ');
    textOf(ydoc, 0).insert(0, 'A longer ');
    expect(resolveIn(ydoc, decoded).text).toBe('denied his medication');
  });

  it('does not grow when someone types right after the words', () => {
    const ydoc = createDoc('Blood pressure is high.');
    const { decoded } = anchorFor(ydoc, 'pressure');
    textOf(ydoc, 0).insert('Blood pressure'.length, ' reading');
    expect(resolveIn(ydoc, decoded).text).toBe('pressure');
  });

  it('shrinks with a partial deletion and stays attached', () => {
    const ydoc = createDoc('Untreated chronic pain.');
    const { decoded } = anchorFor(ydoc, 'treated chronic');
    textOf(ydoc, 0).delete('Untreated '.length, 'chronic '.length);
    // What is left of "treated chronic": "treated" and the space that followed it.
    expect(resolveIn(ydoc, decoded).text).toBe('treated ');
  });

  it('detaches when the words are deleted (the range collapses)', () => {
    const ydoc = createDoc('Keep this. Remove these words. Keep that.');
    const { decoded } = anchorFor(ydoc, 'these words');
    const start = 'Keep this. Remove '.length;
    textOf(ydoc, 0).delete(start, 'these words'.length);
    expect(resolveIn(ydoc, decoded).range).toBeNull();
  });

  it('detaches when the whole paragraph is deleted, also after garbage collection', () => {
    const ydoc = createDoc('First.', 'The paragraph that goes.', 'Last.');
    const { decoded } = anchorFor(ydoc, 'paragraph that');
    ydoc.getXmlFragment(BODY_FRAGMENT).delete(1, 1);
    expect(resolveIn(ydoc, decoded).range).toBeNull();
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(ydoc));
    expect(resolveIn(reloaded, decoded).range).toBeNull();
  });

  it('detaches on a client that has not received the words yet, and attaches once it has', () => {
    const ydoc = createDoc('Old text.');
    const late = new Y.Doc();
    Y.applyUpdate(late, Y.encodeStateAsUpdate(ydoc));
    const before = Y.encodeStateVector(late);
    textOf(ydoc, 0).insert(0, 'Fresh words. ');
    const { decoded } = anchorFor(ydoc, 'Fresh words');
    expect(resolveIn(late, decoded).range).toBeNull();
    Y.applyUpdate(late, Y.encodeStateAsUpdate(ydoc, before));
    expect(resolveIn(late, decoded).text).toBe('Fresh words');
  });

  it('refuses anchors that are not relative positions', () => {
    expect(decodeAnchor({ start: '!!!', end: 'AAAA' })).toBeNull();
    expect(decodeAnchor({ start: '', end: '' })).toBeNull();
  });
});
