/**
 * The letter body as ProseMirror JSON (what y-tiptap makes of a Y.XmlFragment), checked once at the
 * edge so the renderer and the diff walk typed values, plus the few readings both of them need.
 */
import { z } from 'zod';

/** A mark on a text node (bold, italic, …). */
export interface PmMark {
  type: string;
  attrs?: Record<string, unknown>;
}

/** A ProseMirror JSON node of the shared editor schema. */
export interface PmNode {
  type: string;
  attrs?: Record<string, unknown>;
  text?: string;
  marks?: PmMark[];
  content?: PmNode[];
}

const PmMarkSchema: z.ZodType<PmMark> = z.object({
  type: z.string(),
  // y-tiptap copies a mark's Yjs attribute value as its attrs, which is not always an object.
  attrs: z.unknown().transform((value): Record<string, unknown> | undefined =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : undefined,
  ),
});

/** Checks untyped ProseMirror JSON. */
export const PmNodeSchema: z.ZodType<PmNode> = z.lazy(() =>
  z.object({
    type: z.string(),
    attrs: z.record(z.string(), z.unknown()).optional(),
    text: z.string().optional(),
    marks: z.array(PmMarkSchema).optional(),
    content: z.array(PmNodeSchema).optional(),
  }),
);

/** The body as a `doc` node; throws if `json` is not ProseMirror JSON. */
export function readPmDoc(json: unknown): PmNode {
  const node = PmNodeSchema.parse(json);
  return node.type === 'doc' ? node : { type: 'doc', content: [node] };
}

/** Nodes whose children are inline content (text, placeholders, line breaks). */
const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

/** Inline nodes other than text. */
const INLINE_NODES = new Set(['text', 'caseField', 'hardBreak', 'image', 'mention']);

/** Whether `node` holds inline content (so a diff compares its words rather than its children). */
export function isTextblock(node: PmNode): boolean {
  if (TEXTBLOCKS.has(node.type)) return true;
  const content = node.content ?? [];
  return content.length > 0 && content.every((child) => INLINE_NODES.has(child.type));
}

/** A heading's level, clamped to the 1-3 the letter uses. */
export function headingLevel(node: PmNode): 1 | 2 | 3 {
  const level = Number(node.attrs?.level);
  return level <= 1 || Number.isNaN(level) ? 1 : level === 2 ? 2 : 3;
}

/** The plain text of a node (placeholders as `{field}`, line breaks as newlines), for similarity. */
export function plainText(node: PmNode): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  if (node.type === 'caseField') return `{${String(node.attrs?.field ?? '')}}`;
  const parts = (node.content ?? []).map(plainText);
  return isTextblock(node) ? parts.join('') : parts.join('\n');
}
