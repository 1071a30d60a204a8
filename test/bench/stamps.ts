/**
 * How a keystroke carries its send time to every other client.
 *
 * A typist's keystroke is one transaction: the character goes into its paragraph and the send time
 * (`performance.now()` of the generator, which runs every client) is set in the `bench` map under
 * the typist's client id. In the update that Yjs encodes, that time is the only `ContentAny`
 * item (text is `ContentString`, paragraphs `ContentType`), so a receiver finds it with one
 * `Y.decodeUpdate` and no document: thin observers stay thin, and the stamp survives every
 * server's way of forwarding (as received, re-encoded, or merged with other clients' updates,
 * which keeps each item and so each stamp). A map entry per typist, rather than a growing list,
 * keeps the document's size that of the text alone.
 */
import * as Y from 'yjs';

/** The root map that holds each typist's latest send time. */
export const STAMP_MAP = 'bench';

/** Records `sentAt` as the send time of the transaction in progress. */
export function writeStamp(doc: Y.Doc, sentAt: number): void {
  doc.getMap<number>(STAMP_MAP).set(String(doc.clientID), sentAt);
}

/** Calls `onStamp` with every send time found in an update. */
export function readStamps(update: Uint8Array, onStamp: (sentAt: number) => void): void {
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
    for (const value of struct.content.arr) {
      if (typeof value === 'number') onStamp(value);
    }
  }
}
