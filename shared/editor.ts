/**
 * The editor's schema-defining extensions, one list for the client (which adds the collaboration
 * extensions and its own node views) and the server (which seeds and exports bodies with the same
 * schema).
 */
import type { AnyExtension } from '@tiptap/core';
import { mergeAttributes, Node } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { CASE_FIELDS, type CaseField } from './caseDetails';

const CASE_FIELD_KEYS = new Set<string>(CASE_FIELDS.map((field) => field.key));

/** Whether a string names a case field. */
export function isCaseField(value: unknown): value is CaseField {
  return typeof value === 'string' && CASE_FIELD_KEYS.has(value);
}

/**
 * An inline placeholder for a case detail (`{fullName}`): the body stores which field, never the
 * value, so the value stays access-controlled, renders live, and can be masked or filled in.
 */
export const CaseFieldNode = Node.create({
  name: 'caseField',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  addAttributes() {
    return {
      field: {
        default: 'fullName',
        parseHTML: (element) => {
          const value = element.getAttribute('data-case-field');
          return isCaseField(value) ? value : 'fullName';
        },
        renderHTML: (attributes) => ({ 'data-case-field': String(attributes.field) }),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'span[data-case-field]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes(HTMLAttributes, { class: 'case-field' })];
  },
  renderText({ node }) {
    return `{${String(node.attrs.field)}}`;
  },
});

/** Extensions that define the letter schema. Undo/redo is Yjs's, so StarterKit's is off. */
export function createSchemaExtensions(): AnyExtension[] {
  return [StarterKit.configure({ undoRedo: false }), CaseFieldNode];
}
