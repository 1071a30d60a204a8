/**
 * Shows a template section's guidance inside its empty paragraph, as a placeholder. It is a
 * decoration, never document content, so it is not synced, saved or exported.
 */
import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { LetterTemplate } from '../../../shared/templates';

/** Options of SectionHints. */
export interface SectionHintsOptions {
  /** The letter's template; without one there are no hints. */
  template: LetterTemplate | null;
}

/** Decorates each empty paragraph that directly follows a template heading with that section's hint. */
export function sectionHintDecorations(doc: ProseMirrorNode, hints: ReadonlyMap<string, string>): DecorationSet {
  const decorations: Decoration[] = [];
  let previous: ProseMirrorNode | null = null;
  doc.forEach((node, offset) => {
    if (node.type.name === 'paragraph' && node.content.size === 0 && previous?.type.name === 'heading') {
      const hint = hints.get(previous.textContent.trim());
      if (hint) decorations.push(Decoration.node(offset, offset + node.nodeSize, { class: 'section-hint', 'data-hint': hint }));
    }
    previous = node;
  });
  return DecorationSet.create(doc, decorations);
}

/** The extension: hints for the given template's sections. */
export const SectionHints = Extension.create<SectionHintsOptions>({
  name: 'sectionHints',

  addOptions() {
    return { template: null };
  },

  addProseMirrorPlugins() {
    const hints = new Map((this.options.template?.sections ?? []).map((section) => [section.heading, section.hint]));
    return [
      new Plugin({
        key: new PluginKey('sectionHints'),
        props: {
          decorations: (state) => (hints.size === 0 ? null : sectionHintDecorations(state.doc, hints)),
        },
      }),
    ];
  },
});
