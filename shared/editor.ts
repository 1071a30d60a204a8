/**
 * The editor's schema-defining extensions, one list for the client (which adds the collaboration
 * extensions) and the server (which seeds and later exports bodies with the same schema).
 */
import type { AnyExtension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';

/** Extensions that define the letter schema. Undo/redo is Yjs's, so StarterKit's is off. */
export function createSchemaExtensions(): AnyExtension[] {
  return [StarterKit.configure({ undoRedo: false })];
}
