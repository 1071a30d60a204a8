/** Formatting and undo/redo buttons for the letter editor. */
import type { Editor } from '@tiptap/react';
import { useEditorState } from '@tiptap/react';
import type { MouseEvent, ReactNode } from 'react';

/** The toolbar's view of the editor, recomputed on each transaction. */
function selectToolbarState({ editor }: { editor: Editor }) {
  return {
    h1: editor.isActive('heading', { level: 1 }),
    h2: editor.isActive('heading', { level: 2 }),
    h3: editor.isActive('heading', { level: 3 }),
    bold: editor.isActive('bold'),
    italic: editor.isActive('italic'),
    underline: editor.isActive('underline'),
    bulletList: editor.isActive('bulletList'),
    orderedList: editor.isActive('orderedList'),
    canUndo: editor.can().undo(),
    canRedo: editor.can().redo(),
  };
}

interface ToolButtonProps {
  label: string;
  shortcut?: string;
  pressed?: boolean;
  disabled?: boolean;
  onRun(): void;
  children: ReactNode;
}

/** The modifier TipTap's `Mod-` shortcuts use on this platform, named as aria-keyshortcuts names it. */
const MOD = /Mac|iPhone|iPad/.test(navigator.platform) ? 'Meta' : 'Control';

/** How a shortcut reads in a tooltip. */
function describeShortcut(shortcut: string): string {
  return MOD === 'Meta' ? shortcut.replace('Meta', '⌘').replace('Alt', '⌥') : shortcut.replace('Control', 'Ctrl');
}

/** Keeps the editor's selection when a toolbar button is clicked with the mouse. */
function keepEditorFocus(event: MouseEvent) {
  event.preventDefault();
}

function ToolButton({ label, shortcut, pressed, disabled, onRun, children }: ToolButtonProps) {
  return (
    <button
      type="button"
      className="tool"
      aria-label={label}
      aria-pressed={pressed}
      aria-keyshortcuts={shortcut}
      title={shortcut ? `${label} (${describeShortcut(shortcut)})` : label}
      disabled={disabled}
      onMouseDown={keepEditorFocus}
      onClick={onRun}
    >
      {children}
    </button>
  );
}

/** Props of Toolbar. */
export interface ToolbarProps {
  editor: Editor;
  disabled: boolean;
  /** Opens the case-field menu at the caret (the same menu typing `{` opens). */
  onInsertCaseField?(): void;
  /** Comments on the selected words (the same as Mod-Alt-M); absent when I may not comment. */
  onComment?(): void;
}

/** The toolbar: real buttons, `aria-pressed` for toggles, undo/redo through Yjs. */
export function Toolbar({ editor, disabled, onInsertCaseField, onComment }: ToolbarProps) {
  const state = useEditorState({ editor, selector: selectToolbarState });
  const chain = () => editor.chain().focus();

  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting">
      <div className="toolbar__group">
        {([1, 2, 3] as const).map((level) => (
          <ToolButton
            key={level}
            label={`Heading ${level}`}
            shortcut={`${MOD}+Alt+${level}`}
            pressed={state[`h${level}`]}
            disabled={disabled}
            onRun={() => chain().toggleHeading({ level }).run()}
          >
            H{level}
          </ToolButton>
        ))}
      </div>
      <div className="toolbar__group">
        <ToolButton label="Bold" shortcut={`${MOD}+B`} pressed={state.bold} disabled={disabled} onRun={() => chain().toggleBold().run()}>
          <b>B</b>
        </ToolButton>
        <ToolButton label="Italic" shortcut={`${MOD}+I`} pressed={state.italic} disabled={disabled} onRun={() => chain().toggleItalic().run()}>
          <i>I</i>
        </ToolButton>
        <ToolButton
          label="Underline"
          shortcut={`${MOD}+U`}
          pressed={state.underline}
          disabled={disabled}
          onRun={() => chain().toggleUnderline().run()}
        >
          <u>U</u>
        </ToolButton>
      </div>
      <div className="toolbar__group">
        <ToolButton
          label="Bulleted list"
          shortcut={`${MOD}+Shift+8`}
          pressed={state.bulletList}
          disabled={disabled}
          onRun={() => chain().toggleBulletList().run()}
        >
          <span aria-hidden="true">• List</span>
        </ToolButton>
        <ToolButton
          label="Numbered list"
          shortcut={`${MOD}+Shift+7`}
          pressed={state.orderedList}
          disabled={disabled}
          onRun={() => chain().toggleOrderedList().run()}
        >
          <span aria-hidden="true">1. List</span>
        </ToolButton>
      </div>
      <div className="toolbar__group">
        <ToolButton label="Undo" shortcut={`${MOD}+Z`} disabled={disabled || !state.canUndo} onRun={() => chain().undo().run()}>
          <span aria-hidden="true">↶</span>
        </ToolButton>
        <ToolButton label="Redo" shortcut={`${MOD}+Shift+Z`} disabled={disabled || !state.canRedo} onRun={() => chain().redo().run()}>
          <span aria-hidden="true">↷</span>
        </ToolButton>
      </div>
      {onInsertCaseField && (
        <div className="toolbar__group">
          <ToolButton label="Insert case field" shortcut="{" disabled={disabled} onRun={onInsertCaseField}>
            <span aria-hidden="true">{'{…}'} Case field</span>
          </ToolButton>
        </div>
      )}
      {onComment && (
        <div className="toolbar__group">
          <ToolButton label="Comment" shortcut={`${MOD}+Alt+M`} onRun={onComment}>
            <svg className="tool__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path d="M4 3h12a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2H9l-4 3.5V14H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Zm0 1.5a.5.5 0 0 0-.5.5v7a.5.5 0 0 0 .5.5h2.5v1.8L8.5 12.5H16a.5.5 0 0 0 .5-.5V5a.5.5 0 0 0-.5-.5H4Z" />
            </svg>
          </ToolButton>
        </div>
      )}
    </div>
  );
}
