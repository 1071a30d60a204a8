/**
 * Comment anchors on the wire and in the database: a client sends base64 of two encoded
 * `Y.RelativePosition`s; the server keeps the bytes and never resolves them (it does not need the
 * document to accept a comment). It only checks that each part is one well-formed position, so
 * no junk is stored and every client can decode what it gets back.
 */
import * as Y from 'yjs';
import type { CommentAnchor } from '../../shared/comments';

/** An anchor as stored: the encoded positions. */
export interface StoredAnchor {
  start: Uint8Array;
  end: Uint8Array;
}

/** Decodes one anchor part, or null unless it is canonical base64 of exactly one relative position. */
export function decodeAnchorPart(base64: string): Uint8Array | null {
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
  // Node's decoder skips characters it does not know; a canonical round trip refuses them.
  if (bytes.length === 0 || Buffer.from(bytes).toString('base64') !== base64) return null;
  let encoded: Uint8Array;
  try {
    // Re-encoding what was decoded must give the same bytes: that refuses trailing junk and an
    // unknown kind of position (yjs decodes it as an empty position; encoding that throws).
    encoded = Y.encodeRelativePosition(Y.decodeRelativePosition(bytes));
  } catch {
    return null; // truncated or not a position at all: the caller answers invalid_anchor
  }
  return isSameEncoding(encoded, bytes) ? bytes : null;
}

/** Whether `given` is `encoded`, or `encoded` written before yjs stored `assoc` (a trailing 0 left out). */
function isSameEncoding(encoded: Uint8Array, given: Uint8Array): boolean {
  if (Buffer.from(encoded).equals(given)) return true;
  const withoutAssoc = encoded.subarray(0, encoded.length - 1);
  return encoded.at(-1) === 0 && Buffer.from(withoutAssoc).equals(given);
}

/** Decodes both parts of an anchor, or null if either is not a valid position. */
export function decodeAnchor(anchor: CommentAnchor): StoredAnchor | null {
  const start = decodeAnchorPart(anchor.start);
  const end = decodeAnchorPart(anchor.end);
  return start && end ? { start, end } : null;
}

/** The anchor as the API returns it. */
export function encodeAnchor(stored: StoredAnchor): CommentAnchor {
  return { start: Buffer.from(stored.start).toString('base64'), end: Buffer.from(stored.end).toString('base64') };
}
