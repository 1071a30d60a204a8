/** The letter's content read for the outline and the checklist hints, kept current as anyone types. */
import type { Editor } from '@tiptap/react';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { CaseDetails } from '../../../shared/caseDetails';
import type { LetterTemplate } from '../../../shared/templates';
import { analyzeLetter, type DocJson, type LetterAnalysis } from './suggestions';

/** The analysis of the editor's current document; null until there is an editor. */
export function useLetterAnalysis(editor: Editor | null, template: LetterTemplate | null, details: CaseDetails | null): LetterAnalysis | null {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!editor) return () => {};
      editor.on('transaction', onChange);
      return () => {
        editor.off('transaction', onChange);
      };
    },
    [editor],
  );
  // The document node is immutable, so its identity says whether the text changed (selection moves
  // keep it); reading it on subscription also catches the first sync's content, applied earlier.
  const doc = useSyncExternalStore(subscribe, () => (editor && !editor.isDestroyed ? editor.state.doc : null));
  return useMemo(() => {
    if (!doc) return null;
    // toJSON's result is ProseMirror's JSON shape, which DocJson describes (a subset of its fields).
    return analyzeLetter(doc.toJSON() as DocJson, template, details);
  }, [doc, template, details]);
}
