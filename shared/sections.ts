/**
 * A letter body's template sections and which of them are empty: one rule for the editor's
 * checklist hints and the server's check before a letter is marked sent. Pure functions over
 * ProseMirror JSON (`editor.getJSON()` in the browser, the stored document on the server).
 */
import { isCaseField } from './editor';
import type { CaseField } from './caseDetails';
import type { LetterTemplate } from './templates';

/** A ProseMirror node as JSON: only what the section rules read. */
export interface DocJson {
  type: string;
  text?: unknown;
  attrs?: Record<string, unknown>;
  content?: DocJson[];
}

/** What one template section of the letter holds. */
export interface SectionContent {
  key: string;
  heading: string;
  /** Whether the letter has the section's heading at all. */
  found: boolean;
  /** Found, but with no text and no case field under its heading. */
  empty: boolean;
  /** The section's text, blocks separated by newlines, case fields as `{field}`. */
  text: string;
  words: number;
}

/** How headings are compared: case, spacing and surrounding blanks do not matter. */
export function normalizeHeading(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The plain text of a node; case fields become `{field}`, blocks are separated by newlines. */
export function nodeText(node: DocJson): string {
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : '';
  if (node.type === 'caseField') return `{${String(node.attrs?.field ?? '')}}`;
  if (node.type === 'hardBreak') return '\n';
  const children = node.content ?? [];
  const inline = children.every((child) => child.type === 'text' || child.type === 'caseField' || child.type === 'hardBreak');
  return children.map(nodeText).join(inline ? '' : '\n');
}

/** The case fields a node shows, in document order. */
export function caseFieldsIn(node: DocJson): CaseField[] {
  if (node.type === 'caseField') {
    const field = node.attrs?.field;
    return isCaseField(field) ? [field] : [];
  }
  return (node.content ?? []).flatMap(caseFieldsIn);
}

/** Words in `text` (case-field placeholders count as one). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}{]/u.test(word)).length;
}

/**
 * Splits the body by the template's headings: a section runs from its heading to the next heading
 * that names another section of the template (sub-headings stay inside).
 */
export function splitSections(doc: DocJson, template: LetterTemplate): Map<string, SectionContent> {
  const byHeading = new Map(template.sections.map((section) => [normalizeHeading(section.heading), section]));
  const blocks = new Map<string, DocJson[]>();
  let current: string | null = null;
  for (const node of doc.content ?? []) {
    const section = node.type === 'heading' ? byHeading.get(normalizeHeading(nodeText(node))) : undefined;
    if (section && !blocks.has(section.key)) {
      current = section.key;
      blocks.set(section.key, []);
    } else if (current !== null) {
      blocks.get(current)?.push(node);
    }
  }
  const sections = new Map<string, SectionContent>();
  for (const section of template.sections) {
    const nodes = blocks.get(section.key);
    const text = (nodes ?? []).map(nodeText).join('\n');
    const hasField = (nodes ?? []).some((node) => caseFieldsIn(node).length > 0);
    sections.set(section.key, {
      key: section.key,
      heading: section.heading,
      found: nodes !== undefined,
      empty: nodes !== undefined && text.trim() === '' && !hasField,
      text,
      words: countWords(text),
    });
  }
  return sections;
}
