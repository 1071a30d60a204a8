/**
 * Case values typed into the letter as plain text, and the transaction that turns them into
 * placeholders: found with the shared rules (whole values only), per text block, on the live
 * ProseMirror document. Pure functions, so the offer and its tests share them.
 */
import type { Node as PmNode } from '@tiptap/pm/model';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { CASE_FIELDS, type CaseField } from '../../../shared/caseDetails';
import { findCaseValues, type FieldMatcher } from '../../../shared/caseValuePatterns';
import { CaseFieldNode } from '../../../shared/editor';

/** One typed case value in the document (positions are ProseMirror positions). */
export interface TypedValue {
  field: CaseField;
  from: number;
  to: number;
  text: string;
}

/** What the offer says about one field: how often its value is typed, and how it first reads. */
export interface PlaceholderOffer {
  field: CaseField;
  label: string;
  /** The first occurrence as typed. */
  sample: string;
  count: number;
  /** How many different spellings the occurrences have ("A123456789", "123-456-789"). */
  spellings: number;
}

/** Stands for any inline node that is not text: no pattern matches across a placeholder or a line break. */
const NOT_TEXT = '\uFFFC';

/** Every case value typed as text in `doc`, in document order. Code blocks are left alone. */
export function findTypedValues(doc: PmNode, matchers: readonly FieldMatcher[]): TypedValue[] {
  const found: TypedValue[] = [];
  if (matchers.length === 0) return found;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    if (node.type.spec.code) return false;
    // One character per position, so an index into `text` is an offset from the block's start.
    let text = '';
    node.forEach((child) => {
      text += child.isText ? (child.text ?? '') : NOT_TEXT.repeat(child.nodeSize);
    });
    for (const match of findCaseValues(text, matchers)) {
      found.push({ field: match.field, from: pos + 1 + match.start, to: pos + 1 + match.end, text: text.slice(match.start, match.end) });
    }
    return false;
  });
  return found;
}

/** Spellings compared without case or spacing differences. */
function spellingKey(text: string): string {
  return text.toLocaleLowerCase().replace(/\s+/g, ' ');
}

/** The offers for the typed values, one per field, in the case form's field order. */
export function offersFor(values: readonly TypedValue[]): PlaceholderOffer[] {
  return CASE_FIELDS.flatMap(({ key, label }) => {
    const mine = values.filter((value) => value.field === key);
    const first = mine[0];
    if (!first) return [];
    return [{ field: key, label, sample: first.text, count: mine.length, spellings: new Set(mine.map((value) => spellingKey(value.text))).size }];
  });
}

/**
 * One transaction (one undo step) that replaces every typed value of `field` with its placeholder;
 * null when there is none. Only the value's own characters change: the text around keeps its
 * marks. The placeholder itself carries none, because the Yjs binding does not store marks on an
 * inline node: a bold placeholder would be bold for the writer only. The caret maps through the
 * change, so it stays where it was, or lands just after a placeholder that replaced text around it.
 */
export function replaceWithPlaceholders(state: EditorState, field: CaseField, matchers: readonly FieldMatcher[]): Transaction | null {
  const type = state.schema.nodes[CaseFieldNode.name];
  if (!type) return null;
  const values = findTypedValues(state.doc, matchers).filter((value) => value.field === field);
  if (values.length === 0) return null;
  const tr = state.tr;
  // Last first, so the positions of those before stay valid.
  for (const value of [...values].reverse()) {
    tr.replaceWith(value.from, value.to, type.create({ field }));
  }
  return tr;
}
