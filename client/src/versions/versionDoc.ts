/**
 * A version's stored content (base64 of a Yjs update) or the live document, read as ProseMirror
 * JSON. Never rendered as HTML: the JSON goes to the React renderer in LetterContent.tsx.
 */
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { fromBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { BODY_FRAGMENT } from '../../../shared/protocol';
import { readPmDoc, type PmNode } from './pmJson';

/** The body of a Y.Doc as a ProseMirror `doc` node. */
export function ydocToPm(ydoc: Y.Doc): PmNode {
  return readPmDoc(yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment(BODY_FRAGMENT)));
}

/** A version's body, from `VersionDetail.state`; throws if the state is not a readable update. */
export function versionStateToPm(state: string): PmNode {
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, fromBase64(state));
    return ydocToPm(ydoc);
  } finally {
    ydoc.destroy();
  }
}
