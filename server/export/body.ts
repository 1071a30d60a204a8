/**
 * The letter body (ProseMirror JSON of the shared editor schema) as printable blocks: marks kept,
 * case placeholders filled in, empty paragraphs and unfinished (empty) sections left out.
 */
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { z } from 'zod';
import type { CaseDetails } from '../../shared/caseDetails';
import { isCaseField } from '../../shared/editor';
import { BODY_FRAGMENT } from '../../shared/protocol';
import { printedCaseValue } from './format';
import type { Block, HeadingBlock, Inline, ParagraphBlock } from './printable';
import { inlineText } from './printable';

/** A ProseMirror JSON node, as far as the export reads it. */
export interface PmNode {
  type: string;
  attrs?: Record<string, unknown>;
  text?: unknown;
  marks?: { type: string }[];
  content?: PmNode[];
}

/** Checks the untyped output of y-tiptap once, so the walk below needs no casts. */
export const PmNodeSchema: z.ZodType<PmNode> = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    attrs: z.record(z.string(), z.unknown()).optional(),
    text: z.unknown().optional(),
    marks: z.array(z.looseObject({ type: z.string() })).optional(),
    content: z.array(PmNodeSchema).optional(),
  }),
);

/**
 * The letter body of `doc` as ProseMirror JSON that the export can read, whatever a client put
 * there. The socket accepts any valid Yjs update, not only what the editor makes: text placed
 * straight in the body (y-tiptap renders it as a bare array of text nodes) is read as a paragraph,
 * and values that are not nodes are left out, so one odd edit cannot make a letter unprintable.
 */
export function bodyJsonOf(doc: Y.Doc): PmNode {
  let fragment: Y.XmlFragment;
  try {
    fragment = doc.getXmlFragment(BODY_FRAGMENT);
  } catch {
    // The body's name was taken by another kind of shared type: there is no letter text to read.
    return { type: 'doc', content: [] };
  }
  let json: unknown;
  try {
    json = yXmlFragmentToProsemirrorJSON(fragment);
  } catch {
    // y-tiptap stops at a value that is not an XML node; read the nodes around it ourselves.
    json = { type: 'doc', content: fragment.toArray().map(plainJsonOf) };
  }
  return readableNode(json) ?? { type: 'doc', content: [] };
}

/** A Yjs XML node as ProseMirror JSON: elements with their attributes, text with its marks. */
function plainJsonOf(node: unknown): unknown {
  if (node instanceof Y.XmlElement) return { type: node.nodeName, attrs: node.getAttributes(), content: node.toArray().map(plainJsonOf) };
  if (node instanceof Y.XmlText) {
    const delta = node.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
    return delta.map(({ insert, attributes }) => ({ type: 'text', text: insert, marks: Object.keys(attributes ?? {}).map((type) => ({ type })) }));
  }
  return null;
}

function readableNode(value: unknown): PmNode | null {
  if (Array.isArray(value)) return { type: 'paragraph', content: value.flatMap((child) => readableNode(child) ?? []) };
  if (typeof value !== 'object' || value === null) return null;
  const { content, ...fields } = value as Record<string, unknown>;
  const parsed = PmNodeSchema.safeParse(fields);
  if (!parsed.success) return null;
  return Array.isArray(content) ? { ...parsed.data, content: content.flatMap((child) => readableNode(child) ?? []) } : parsed.data;
}

type Marks = Pick<Extract<Inline, { kind: 'text' }>, 'bold' | 'italic' | 'underline' | 'strike'>;

function marksOf(node: PmNode): Marks {
  const types = new Set((node.marks ?? []).map((mark) => mark.type));
  return { bold: types.has('bold'), italic: types.has('italic'), underline: types.has('underline'), strike: types.has('strike') };
}

/** The inline content of a textblock; unknown inline nodes contribute their text. */
function inlinesOf(nodes: readonly PmNode[], details: CaseDetails): Inline[] {
  const inlines: Inline[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      if (typeof node.text === 'string' && node.text !== '') inlines.push({ kind: 'text', text: node.text, ...marksOf(node) });
    } else if (node.type === 'hardBreak') {
      inlines.push({ kind: 'break' });
    } else if (node.type === 'caseField') {
      const field = node.attrs?.field;
      if (isCaseField(field)) inlines.push({ kind: 'text', text: printedCaseValue(details, field), ...marksOf(node) });
    } else if (node.content) {
      inlines.push(...inlinesOf(node.content, details));
    }
  }
  return inlines;
}

function headingLevel(value: unknown): 1 | 2 | 3 {
  const level = Number(value);
  return level <= 1 ? 1 : level === 2 ? 2 : 3;
}

function listItems(list: PmNode, details: CaseDetails): Block[][] {
  return (list.content ?? []).map((item) => blocksOf(item.content ?? [], details, 0)).filter((blocks) => blocks.length > 0);
}

/** Blocks of a block container; `indent` counts enclosing blockquotes. */
function blocksOf(nodes: readonly PmNode[], details: CaseDetails, indent: number): Block[] {
  const blocks: Block[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'heading':
        blocks.push({ kind: 'heading', level: headingLevel(node.attrs?.level), inlines: inlinesOf(node.content ?? [], details) });
        break;
      case 'paragraph':
      case 'codeBlock':
        blocks.push({ kind: 'paragraph', inlines: splitNewlines(inlinesOf(node.content ?? [], details)), indent });
        break;
      case 'bulletList':
      case 'orderedList': {
        const items = listItems(node, details);
        const start = Number(node.attrs?.start ?? 1);
        if (items.length > 0) {
          blocks.push({ kind: 'list', ordered: node.type === 'orderedList', start: Number.isInteger(start) && start >= 0 ? start : 1, items });
        }
        break;
      }
      case 'blockquote':
        blocks.push(...blocksOf(node.content ?? [], details, indent + 1));
        break;
      case 'horizontalRule':
        break;
      default:
        // A node this export does not know yet: keep its text rather than lose it.
        if (node.content) blocks.push(...blocksOf(node.content, details, indent));
    }
  }
  return blocks.filter((block) => hasText(block));
}

/** Code blocks keep their line breaks as text; a printed letter wants real breaks. */
function splitNewlines(inlines: Inline[]): Inline[] {
  return inlines.flatMap((inline): Inline[] => {
    if (inline.kind !== 'text' || !inline.text.includes('\n')) return [inline];
    return inline.text.split('\n').flatMap((text, index): Inline[] => [...(index > 0 ? [{ kind: 'break' as const }] : []), ...(text ? [{ ...inline, text }] : [])]);
  });
}

/** Whether a block prints any visible text (headings count: their sections are judged apart). */
function hasText(block: Block): boolean {
  if (block.kind === 'list') return block.items.length > 0;
  return inlineText(block.inlines).trim() !== '';
}

/**
 * Leaves out every heading whose section (up to the next heading of the same or a higher level)
 * has no text: the template's unfinished sections do not print.
 */
function dropEmptySections(blocks: readonly Block[]): Block[] {
  return blocks.filter((block, index) => {
    if (block.kind !== 'heading') return true;
    for (const next of blocks.slice(index + 1)) {
      if (next.kind === 'heading') {
        if (next.level <= block.level) return false;
        continue;
      }
      return true;
    }
    return false;
  });
}

/** The body's printable blocks. `doc` is the ProseMirror JSON of the body. */
export function bodyToBlocks(doc: PmNode, details: CaseDetails): Block[] {
  return dropEmptySections(blocksOf(doc.content ?? [], details, 0));
}

/** Where a section ends: the index of the next heading at or above `heading`'s level, or the end. */
export function sectionEnd(blocks: readonly Block[], headingIndex: number): number {
  const heading = blocks[headingIndex];
  if (heading?.kind !== 'heading') return headingIndex + 1;
  const next = blocks.findIndex((block, index) => index > headingIndex && block.kind === 'heading' && block.level <= heading.level);
  return next === -1 ? blocks.length : next;
}

/** The plain text of a heading, trimmed. */
export function headingText(block: HeadingBlock): string {
  return inlineText(block.inlines).trim();
}

/** Whether a block is a paragraph (typed, for callers that look at the first one). */
export function isParagraph(block: Block | undefined): block is ParagraphBlock {
  return block?.kind === 'paragraph';
}
