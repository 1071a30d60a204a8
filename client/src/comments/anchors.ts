/**
 * Comment anchors: a range of the body held as two Y.RelativePositions, so the range follows the
 * words through everyone's edits without anything being written to the document. Encoding and
 * resolving go through y-tiptap's own position helpers and the sync binding's node mapping, the
 * way its cursor plugin places remote carets.
 */
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from '@tiptap/y-tiptap';
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { CommentAnchor } from '../../../shared/comments';

/** y-tiptap's map from Yjs types to the ProseMirror nodes rendered from them. */
export type ProsemirrorMapping = Parameters<typeof relativePositionToAbsolutePosition>[3];

/** What resolving needs from the sync plugin: the Y.Doc, the bound fragment and the node mapping. */
export interface YBinding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: ProsemirrorMapping;
}

/** An anchor decoded once, ready to resolve after every change. */
export interface DecodedAnchor {
  start: Y.RelativePosition;
  end: Y.RelativePosition;
}

/** A range of ProseMirror positions. */
export interface TextRange {
  from: number;
  to: number;
}

/** The anchor of the range `from`..`to` of the current document, as the API stores it. */
export function encodeAnchor(binding: YBinding, from: number, to: number): CommentAnchor {
  const start: Y.RelativePosition = absolutePositionToRelativePosition(from, binding.type, binding.mapping);
  const end: Y.RelativePosition = absolutePositionToRelativePosition(to, binding.type, binding.mapping);
  return { start: toBase64(Y.encodeRelativePosition(start)), end: toBase64(Y.encodeRelativePosition(end)) };
}

/** Decodes a stored anchor; null when either part is not a relative position (it then shows as detached). */
export function decodeAnchor(anchor: CommentAnchor): DecodedAnchor | null {
  try {
    return { start: Y.decodeRelativePosition(fromBase64(anchor.start)), end: Y.decodeRelativePosition(fromBase64(anchor.end)) };
  } catch {
    // Junk from an older or broken client: the thread stays visible as detached, with its quote.
    return null;
  }
}

/**
 * Where an anchor is now, or null when it is detached: either end no longer resolves (its
 * paragraph went, or the text is not here yet), or the words between them were deleted, which
 * collapses the range (`from >= to`).
 */
export function resolveAnchor(binding: YBinding, anchor: DecodedAnchor, docSize: number): TextRange | null {
  let from: number | null;
  let to: number | null;
  try {
    from = relativePositionToAbsolutePosition(binding.doc, binding.type, anchor.start, binding.mapping);
    to = relativePositionToAbsolutePosition(binding.doc, binding.type, anchor.end, binding.mapping);
  } catch {
    // A position from another document or a corrupt one can make Yjs throw: treat it as gone.
    return null;
  }
  if (from === null || to === null || from >= to || from < 0 || to > docSize) return null;
  return { from, to };
}
