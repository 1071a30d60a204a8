/** Builds a new letter's initial body on the server, so no client ever seeds content. */
import { getSchema } from '@tiptap/core';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { createSchemaExtensions } from '../../shared/editor';
import { BODY_FRAGMENT } from '../../shared/protocol';
import type { LetterTemplate } from '../../shared/templates';
import { templateToProsemirrorJson } from '../../shared/templates';

const schema = getSchema(createSchemaExtensions());

/** The template's body as one Yjs update, ready to append to the letter's log. */
export function createInitialBody(template: LetterTemplate): Uint8Array {
  const doc = prosemirrorJSONToYDoc(schema, templateToProsemirrorJson(template), BODY_FRAGMENT);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
