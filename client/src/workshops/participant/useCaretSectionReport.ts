/**
 * Tells the workshop which section of my letter my caret is in (PUT …/presence), so the
 * facilitator's board can show where everyone is working. Throttled, and only once I have used the
 * editor: an untouched caret at the top of the letter says nothing about where I work.
 */
import type { Editor } from '@tiptap/react';
import { useEffect } from 'react';
import type { LetterTemplate } from '../../../../shared/templates';
import { reportPresence } from '../../api/workshops';
import { sectionKeyAtPos } from './caretSection';
import { createLatestThrottle } from './throttle';

/** At most one report per this many milliseconds. */
export const PRESENCE_INTERVAL_MS = 2000;

/** Reports the caret's section of `editor` to workshop `workshopId` while `active`. */
export function useCaretSectionReport(workshopId: string, editor: Editor | null, template: LetterTemplate | null, active: boolean): void {
  useEffect(() => {
    if (!editor || !template || !active) return;
    const throttle = createLatestThrottle<string | null>((section) => {
      reportPresence(workshopId, section).catch((error: unknown) => {
        // Only the board's "working in" column depends on it; the next change reports again.
        console.warn('Could not report the current section', error);
      });
    }, PRESENCE_INTERVAL_MS);
    let engaged = false;
    let last: string | null | undefined;
    const handleChange = () => {
      if (editor.isDestroyed) return;
      engaged ||= editor.isFocused;
      if (!engaged) return;
      const section = sectionKeyAtPos(editor.state.doc, editor.state.selection.head, template);
      if (section === last) return;
      last = section;
      throttle.push(section);
    };
    editor.on('transaction', handleChange);
    editor.on('focus', handleChange);
    return () => {
      editor.off('transaction', handleChange);
      editor.off('focus', handleChange);
      throttle.cancel();
    };
  }, [workshopId, editor, template, active]);
}
