/** Finding a template section's heading in the editor and taking the reader (and caret) there. */
import type { Editor } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { normalizeHeading } from './suggestions';

/** The position of the first top-level heading whose text is `heading`, or null. */
export function findHeadingPos(doc: ProseMirrorNode, heading: string): number | null {
  const wanted = normalizeHeading(heading);
  let found: number | null = null;
  doc.forEach((node, offset) => {
    if (found === null && node.type.name === 'heading' && normalizeHeading(node.textContent) === wanted) found = offset;
  });
  return found;
}

/**
 * Scrolls the letter to the section's heading and briefly highlights it; in an editable letter the
 * caret goes to the start of the section's first paragraph. False when the heading is not there.
 */
export function goToSection(editor: Editor, heading: string): boolean {
  const pos = findHeadingPos(editor.state.doc, heading);
  if (pos === null) return false;
  const dom = editor.view.nodeDOM(pos);
  if (dom instanceof HTMLElement) {
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    dom.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
    dom.classList.add('section-flash');
    window.setTimeout(() => dom.classList.remove('section-flash'), 1600);
  }
  if (editor.isEditable) {
    const heading = editor.state.doc.nodeAt(pos);
    const next = heading ? editor.state.doc.nodeAt(pos + heading.nodeSize) : null;
    // Inside the next block when it holds text, else right after the heading's text.
    const target = next?.isTextblock && heading ? pos + heading.nodeSize + 1 : pos + 1;
    editor.chain().setTextSelection(target).focus(undefined, { scrollIntoView: false }).run();
  }
  return true;
}
