/**
 * Which template section the caret is in, for the facilitator's board ("working in: Care in
 * detention"). The same rule as the outline's splitSections: a section runs from its heading to the
 * next heading naming another section; a repeated heading stays inside the section it appears in.
 */
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { LetterTemplate } from '../../../../shared/templates';
import { normalizeHeading } from '../../checklist/suggestions';

/** A top-level block as the rule needs it. */
export interface BlockHead {
  type: string;
  text: string;
}

/** The key of the section holding top-level block `index`, or null before the first section heading. */
export function sectionKeyAt(blocks: readonly BlockHead[], index: number, template: LetterTemplate): string | null {
  const byHeading = new Map(template.sections.map((section) => [normalizeHeading(section.heading), section.key]));
  const seen = new Set<string>();
  let current: string | null = null;
  const last = Math.min(index, blocks.length - 1);
  for (let at = 0; at <= last; at += 1) {
    const block = blocks[at];
    if (!block || block.type !== 'heading') continue;
    const key = byHeading.get(normalizeHeading(block.text));
    if (key !== undefined && !seen.has(key)) {
      seen.add(key);
      current = key;
    }
  }
  return current;
}

/** The section key at document position `pos` of `doc`. */
export function sectionKeyAtPos(doc: ProseMirrorNode, pos: number, template: LetterTemplate): string | null {
  const clamped = Math.max(0, Math.min(pos, doc.content.size));
  const index = doc.resolve(clamped).index(0);
  const blocks: BlockHead[] = [];
  doc.forEach((node) => blocks.push({ type: node.type.name, text: node.textContent }));
  return sectionKeyAt(blocks, index, template);
}
