import { getSchema } from '@tiptap/core';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { toBase64 } from 'lib0/buffer';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSchemaExtensions } from '../../../shared/editor';
import { BODY_FRAGMENT } from '../../../shared/protocol';
import { diffDocs } from '../../../client/src/versions/diff';
import { headingLevel, isTextblock, plainText, readPmDoc } from '../../../client/src/versions/pmJson';
import { versionStateToPm, ydocToPm } from '../../../client/src/versions/versionDoc';

const schema = getSchema(createSchemaExtensions());

const BODY = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Summary of request' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'We ask for the release of ' },
        { type: 'caseField', attrs: { field: 'fullName' } },
        { type: 'text', text: ' now', marks: [{ type: 'bold' }] },
        { type: 'hardBreak' },
        { type: 'text', text: 'Thank you.', marks: [{ type: 'italic' }, { type: 'underline' }] },
      ],
    },
    {
      type: 'orderedList',
      attrs: { start: 1 },
      content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Insulin' }] }] }],
    },
  ],
};

/** A version's state as the server stores it: an update of the whole document, base64. */
function versionState(json: unknown): string {
  const ydoc = prosemirrorJSONToYDoc(schema, json, BODY_FRAGMENT);
  const state = toBase64(Y.encodeStateAsUpdate(ydoc));
  ydoc.destroy();
  return state;
}

describe('versionStateToPm', () => {
  it('reads a stored version back as ProseMirror JSON, marks and placeholders included', () => {
    const doc = versionStateToPm(versionState(BODY));
    expect(doc.type).toBe('doc');
    const [heading, paragraph, list] = doc.content ?? [];
    expect(heading?.type).toBe('heading');
    expect(heading && headingLevel(heading)).toBe(2);
    expect(paragraph && plainText(paragraph)).toBe('We ask for the release of {fullName} now\nThank you.');
    const marks = (paragraph?.content ?? []).flatMap((node) => (node.marks ?? []).map((mark) => `${node.text ?? ''}:${mark.type}`));
    expect(marks.sort()).toEqual([' now:bold', 'Thank you.:italic', 'Thank you.:underline']);
    expect(list?.type).toBe('orderedList');
    expect(list && plainText(list)).toBe('Insulin');
  });

  it('matches the live document it was taken from, so a comparison finds nothing', () => {
    const live = prosemirrorJSONToYDoc(schema, BODY, BODY_FRAGMENT);
    const saved = versionStateToPm(toBase64(Y.encodeStateAsUpdate(live)));
    const current = ydocToPm(live);
    expect(diffDocs(saved, current).every((block) => block.kind === 'whole' && block.change === 'equal')).toBe(true);

    // An edit to the live document then shows up as a change.
    const fragment = live.getXmlFragment(BODY_FRAGMENT);
    const heading = fragment.get(0);
    if (!(heading instanceof Y.XmlElement)) throw new Error('expected the heading element');
    const textNode = heading.get(0);
    if (!(textNode instanceof Y.XmlText)) throw new Error('expected the heading text');
    textNode.insert(textNode.length, ' (urgent)');
    const blocks = diffDocs(saved, ydocToPm(live));
    expect(blocks[0]?.kind).toBe('text');
    live.destroy();
  });

  it('reads an empty document as an empty doc', () => {
    expect(versionStateToPm(toBase64(Y.encodeStateAsUpdate(new Y.Doc())))).toEqual({ type: 'doc', content: [] });
  });

  it('throws on a state that is not a Yjs update', () => {
    expect(() => versionStateToPm('bm90IGFuIHVwZGF0ZQ==')).toThrow();
  });
});

describe('readPmDoc', () => {
  it('rejects what is not ProseMirror JSON and wraps a lone node in a doc', () => {
    expect(() => readPmDoc({ content: 'nope' })).toThrow();
    expect(readPmDoc({ type: 'paragraph' })).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
  });

  it('keeps mark attributes only when they are an object', () => {
    const doc = readPmDoc({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'bold', attrs: true }, { type: 'link', attrs: { href: 'https://a.example' } }] }] }] });
    const marks = doc.content?.[0]?.content?.[0]?.marks;
    expect(marks).toEqual([{ type: 'bold' }, { type: 'link', attrs: { href: 'https://a.example' } }]);
  });
});

describe('isTextblock', () => {
  it('knows paragraphs and headings, and containers of inline nodes', () => {
    expect(isTextblock({ type: 'paragraph' })).toBe(true);
    expect(isTextblock({ type: 'bulletList', content: [{ type: 'listItem' }] })).toBe(false);
    expect(isTextblock({ type: 'custom', content: [{ type: 'text', text: 'a' }] })).toBe(true);
  });
});
