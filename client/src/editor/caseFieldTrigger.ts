/**
 * Typing `{` in the letter opens the case-field menu instead of inserting the brace (Escape in the
 * menu types a plain `{` after all), so placeholders are one keystroke away.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

/** Options of CaseFieldTrigger. */
export interface CaseFieldTriggerOptions {
  /** Called when `{` is typed in an editable letter; should open the menu at the caret. */
  onTrigger: () => void;
}

/** The trigger character. */
export const CASE_FIELD_TRIGGER = '{';

/** The extension. */
export const CaseFieldTrigger = Extension.create<CaseFieldTriggerOptions>({
  name: 'caseFieldTrigger',

  addOptions() {
    return { onTrigger: () => {} };
  },

  addProseMirrorPlugins() {
    const { onTrigger } = this.options;
    return [
      new Plugin({
        key: new PluginKey('caseFieldTrigger'),
        props: {
          handleTextInput: (view, _from, _to, text) => {
            if (text !== CASE_FIELD_TRIGGER || !view.editable) return false;
            // Inside code the brace is just a brace.
            if (view.state.selection.$from.parent.type.spec.code) return false;
            onTrigger();
            return true;
          },
        },
      }),
    ];
  },
});
