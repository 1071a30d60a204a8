/** Typed case values in the live document, the offers they make, and the one transaction that replaces them. */
import { getSchema } from '@tiptap/core';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { findTypedValues, offersFor, replaceWithPlaceholders } from '../../../client/src/editor/typedCaseValues';
import { EMPTY_CASE } from '../../../shared/caseDetails';
import { caseFieldMatchers } from '../../../shared/caseValuePatterns';
import { createSchemaExtensions } from '../../../shared/editor';

const schema = getSchema(createSchemaExtensions());
const matchers = caseFieldMatchers({ ...EMPTY_CASE, fullName: 'Maria Gonzalez', aNumber: '123456789' });

type Json = Record<string, unknown>;
const text = (value: string, marks?: Json[]): Json => ({ type: 'text', text: value, ...(marks ? { marks } : {}) });
const paragraph = (...content: Json[]): Json => ({ type: 'paragraph', content });
const field = (name: string): Json => ({ type: 'caseField', attrs: { field: name } });

function stateOf(...paragraphs: Json[]): EditorState {
  return EditorState.create({ schema, doc: schema.nodeFromJSON({ type: 'doc', content: paragraphs }) });
}

const BOLD = [{ type: 'bold' }];

describe('typed case values in the editor', () => {
  it('finds them per block, across formatting, but not across a placeholder or a line break', () => {
    const state = stateOf(
      paragraph(text('Dear '), text('Maria', BOLD), text(' Gonzalez, A 123-456-789.')),
      paragraph(text('Maria'), { type: 'hardBreak' }, text('Gonzalez and Maria '), field('aNumber'), text(' Gonzalez')),
      paragraph(text('maria gonzalez again')),
    );
    const values = findTypedValues(state.doc, matchers);
    expect(values.map((value) => [value.field, value.text])).toEqual([
      ['fullName', 'Maria Gonzalez'],
      ['aNumber', 'A 123-456-789'],
      ['fullName', 'maria gonzalez'],
    ]);
    expect(state.doc.textBetween(values[1]?.from ?? 0, values[1]?.to ?? 0)).toBe('A 123-456-789');
    expect(offersFor(values)).toEqual([
      { field: 'fullName', label: 'Full name', sample: 'Maria Gonzalez', count: 2, spellings: 1 },
      { field: 'aNumber', label: 'A-number', sample: 'A 123-456-789', count: 1, spellings: 1 },
    ]);
  });

  it('replaces every occurrence of one field in one transaction, keeping the marks around and the caret', () => {
    const state = stateOf(
      paragraph(text('Maria Gonzalez', BOLD), text(' (A123456789) asks; Maria Gonzalez')),
      paragraph(text('MARIA GONZALEZ signs.')),
    );
    // The caret right after the name just typed at the end of the first paragraph.
    const caret = 1 + 'Maria Gonzalez (A123456789) asks; Maria Gonzalez'.length;
    const withCaret = state.apply(state.tr.setSelection(TextSelection.create(state.doc, caret)));
    const tr = replaceWithPlaceholders(withCaret, 'fullName', matchers);
    expect(tr?.steps).toHaveLength(3);
    const after = withCaret.apply(tr ?? withCaret.tr);
    expect(after.doc.toJSON()).toEqual({
      type: 'doc',
      content: [
        paragraph(field('fullName'), text(' (A123456789) asks; '), field('fullName')),
        paragraph(field('fullName'), text(' signs.')),
      ],
    });
    // Just after the placeholder that replaced the name, ready to go on typing.
    expect(after.selection.from).toBe(1 + ' (A123456789) asks; '.length + 2);
    expect(findTypedValues(after.doc, matchers).map((value) => value.field)).toEqual(['aNumber']);
    expect(replaceWithPlaceholders(after, 'fullName', matchers)).toBeNull();
  });

  it('gives a document that reads the same after the sync to another client (no marks on placeholders, which Yjs would drop)', () => {
    const state = stateOf(paragraph(text('Dear '), text('Maria Gonzalez is', BOLD), text(' A123456789.')));
    const after = state.apply(replaceWithPlaceholders(state, 'aNumber', matchers) ?? state.tr);
    const second = after.apply(replaceWithPlaceholders(after, 'fullName', matchers) ?? after.tr);
    const ydoc = new Y.Doc();
    prosemirrorJSONToYXmlFragment(schema, second.doc.toJSON(), ydoc.getXmlFragment('body'));
    const { doc } = initProseMirrorDoc(ydoc.getXmlFragment('body'), schema);
    expect(second.doc.toJSON()).toEqual({ type: 'doc', content: [paragraph(text('Dear '), field('fullName'), text(' is', BOLD), text(' '), field('aNumber'), text('.'))] });
    expect(doc.toJSON()).toEqual(second.doc.toJSON());
  });
});
