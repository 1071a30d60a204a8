/** Writing into a letter body as the editor does: a provider edits the Y.Doc, and the test waits until the server has stored it. */
import * as Y from 'yjs';
import type { CaseField } from '../../../shared/caseDetails';
import { trackAcks } from '../../helpers/acks';
import type { Session } from '../../helpers/http';
import type { TestResources, TestServer } from '../../helpers/resources';
import { waitForSynced } from '../../helpers/wait';
import { bodyOf } from '../../helpers/ydoc';

/** One piece of inline content: text with marks, or a case placeholder. */
export type InlinePiece = { text: string; marks?: Record<string, object> } | { field: CaseField };

/** A paragraph element holding the pieces, as y-tiptap stores it. */
export function paragraphOf(pieces: readonly InlinePiece[]): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph');
  const children = pieces.map((piece) => {
    if ('field' in piece) {
      const node = new Y.XmlElement('caseField');
      node.setAttribute('field', piece.field);
      return node;
    }
    const text = new Y.XmlText();
    text.insert(0, piece.text, piece.marks ?? {});
    return text;
  });
  paragraph.insert(0, children);
  return paragraph;
}

/** The index of the heading with this text in the body. */
export function headingIndex(doc: Y.Doc, heading: string): number {
  const index = bodyOf(doc)
    .toArray()
    .findIndex((node) => node instanceof Y.XmlElement && node.nodeName === 'heading' && node.toArray().some((child) => child instanceof Y.XmlText && child.toString() === heading));
  if (index === -1) throw new Error(`no heading "${heading}" in the body`);
  return index;
}

/** Connects as `session`, runs `edit` on the synced document, and resolves once the server has stored it. */
export async function editBody(resources: TestResources, server: TestServer, letterId: string, session: Session, edit: (doc: Y.Doc) => void): Promise<void> {
  const { doc, provider } = resources.connect(server, letterId, { session, ack: true, connect: false });
  const acks = trackAcks(provider);
  provider.connect();
  await waitForSynced(provider);
  doc.transact(() => edit(doc));
  await acks.waitForSaved(doc);
  provider.destroy();
}
