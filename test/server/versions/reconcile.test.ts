/**
 * The minimal forward edit behind restoring a version: after it the body equals the version
 * exactly, every replica that applies it converges, and words that are the same in both keep
 * their Yjs identity (relative positions in them still resolve), also where y-tiptap's greedy
 * `updateYFragment` would rebuild the blocks.
 */
import { getSchema } from '@tiptap/core';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { reconcileFragment } from '../../../server/versions/reconcile';
import { createSchemaExtensions } from '../../../shared/editor';
import { DEFAULT_TEMPLATE_ID, TEMPLATES } from '../../../shared/templates';
import { createInitialBody } from '../../../server/letters/body';
import { createRandom, randomEdit } from '../../helpers/randomEdits';
import { blockText } from '../../helpers/versions';
import { bodyOf } from '../../helpers/ydoc';

/** Every detail of a body: names, attributes, text runs with their formatting. */
function dump(node: Y.XmlFragment | Y.XmlElement | Y.XmlText | Y.XmlHook): unknown {
  if (node instanceof Y.XmlText) return ['text', node.toDelta()];
  if (node instanceof Y.XmlElement) return [node.nodeName, node.getAttributes(), node.toArray().map(dump)];
  if (node instanceof Y.XmlHook) return ['hook'];
  return node.toArray().map(dump);
}

function templateDoc(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, createInitialBody(TEMPLATES[DEFAULT_TEMPLATE_ID]));
  return doc;
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** A template body with text in three paragraphs, and a relative position at "stay" in the second. */
function letterWithText(): { doc: Y.Doc; anchorText: Y.XmlText; anchorIndex: number } {
  const doc = templateDoc();
  doc.transact(() => {
    blockText(doc, 1).insert(0, 'Dear officer, I write about my patient.');
    blockText(doc, 3).insert(0, 'Original words stay here and nothing moves them.');
    blockText(doc, 5).insert(0, 'This sentence will be rewritten entirely.');
  });
  const anchorText = blockText(doc, 3);
  return { doc, anchorText, anchorIndex: anchorText.toString().indexOf('stay') };
}

/** Edits on both sides of the anchored block, and in it: a block inserted before it, one deleted after it. */
function editAround(doc: Y.Doc): void {
  doc.transact(() => {
    const inserted = new Y.XmlElement('paragraph');
    inserted.insert(0, [new Y.XmlText('An inserted paragraph')]);
    bodyOf(doc).insert(2, [inserted]);
    blockText(doc, 1).format(0, 4, { bold: {} });
    blockText(doc, 1).insert(5, 'dear ');
    blockText(doc, 4).insert(0, 'Now: ');
    blockText(doc, 4).insert(blockText(doc, 4).length, ' And more.');
    blockText(doc, 4).delete(blockText(doc, 4).toString().indexOf('here'), 5);
    bodyOf(doc).delete(bodyOf(doc).length - 1, 1);
  });
}

describe('reconcileFragment', () => {
  it('makes the body equal the version exactly, on every replica, for 120 random histories', () => {
    for (let seed = 1; seed <= 120; seed++) {
      const random = createRandom(seed);
      const doc = templateDoc();
      for (let i = 0; i < 15; i++) randomEdit(doc, random);
      const version = copyOf(doc);
      for (let i = 0, edits = 1 + random.int(30); i < edits; i++) randomEdit(doc, random);
      const replica = copyOf(doc);
      const before = Y.encodeStateVector(doc);
      doc.transact(() => reconcileFragment(bodyOf(doc), bodyOf(version)));
      Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc, before));
      expect(dump(bodyOf(doc)), `seed ${seed}`).toEqual(dump(bodyOf(version)));
      expect(bodyOf(replica).toString(), `seed ${seed}`).toBe(bodyOf(version).toString());
      for (const d of [doc, version, replica]) d.destroy();
    }
  });

  /** Restores the version of `letterWithText()` after `editAround` with `apply`; where the anchor at "stay" resolves then. */
  function anchorAfterRestore(apply: (doc: Y.Doc, version: Y.Doc) => void): { body: string; wanted: string; index: number | null; expected: number } {
    const { doc, anchorText, anchorIndex } = letterWithText();
    const version = copyOf(doc);
    const anchor = Y.createRelativePositionFromTypeIndex(anchorText, anchorIndex);
    editAround(doc);
    doc.transact(() => apply(doc, version));
    const resolved = Y.createAbsolutePositionFromRelativePosition(anchor, doc);
    return { body: bodyOf(doc).toString(), wanted: bodyOf(version).toString(), index: resolved?.type === anchorText ? resolved.index : null, expected: anchorIndex };
  }

  it('keeps the identity of unchanged words between an inserted and a deleted block', () => {
    const result = anchorAfterRestore((doc, version) => reconcileFragment(bodyOf(doc), bodyOf(version)));
    expect(result.body).toBe(result.wanted);
    expect(result.index).toBe(result.expected);
  });

  it("y-tiptap's updateYFragment alone rebuilds that block, losing the anchor (why restore does not use it)", () => {
    const schema = getSchema(createSchemaExtensions());
    const result = anchorAfterRestore((doc, version) =>
      updateYFragment(doc, bodyOf(doc), yXmlFragmentToProseMirrorRootNode(bodyOf(version), schema), { mapping: new Map(), isOMark: new Map() }),
    );
    expect(result.body).toBe(result.wanted);
    // If this starts to pass, updateYFragment has learnt to keep moved blocks and could replace reconcileFragment.
    expect(result.index).toBeNull();
  });

  it('deletes and inserts only the words that differ inside a text, and restores formatting', () => {
    const doc = templateDoc();
    doc.transact(() => blockText(doc, 1).insert(0, 'alpha beta gamma delta epsilon zeta'));
    const version = copyOf(doc);
    const text = blockText(doc, 1);
    const anchors = ['beta', 'delta', 'zeta'].map((word) => ({ word, position: Y.createRelativePositionFromTypeIndex(text, text.toString().indexOf(word)) }));
    doc.transact(() => {
      text.insert(text.toString().indexOf('beta'), 'new ');
      text.delete(text.toString().indexOf('epsilon'), 'epsilon '.length);
      text.format(0, 5, { italic: {} });
    });
    const before = Y.encodeStateVector(doc);
    doc.transact(() => reconcileFragment(bodyOf(doc), bodyOf(version)));
    expect(dump(bodyOf(doc))).toEqual(dump(bodyOf(version)));
    for (const { word, position } of anchors) {
      const resolved = Y.createAbsolutePositionFromRelativePosition(position, doc);
      expect(resolved?.type, word).toBe(text);
      expect(resolved?.index, word).toBe(text.toString().indexOf(word));
    }
    // Only "new " went and "epsilon " came back: nothing else was rewritten.
    const update = Y.decodeUpdate(Y.encodeStateAsUpdate(doc, before));
    const insertedText = update.structs.flatMap((struct) => (struct instanceof Y.Item && struct.content instanceof Y.ContentString ? [struct.content.str] : []));
    expect(insertedText.join('')).toHaveLength('epsilon '.length);
    expect(insertedText.join('').trim()).toBe('epsilon');
  });

  it('changes nothing when the body already equals the version', () => {
    const { doc } = letterWithText();
    const version = copyOf(doc);
    const before = Y.encodeStateVector(doc);
    doc.transact(() => reconcileFragment(bodyOf(doc), bodyOf(version)));
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});
