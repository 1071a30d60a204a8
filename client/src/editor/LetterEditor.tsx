/**
 * The collaborative letter body: TipTap bound to the letter's Y.Doc, with named carets, live
 * case-field placeholders and the `{` menu that inserts them, and comment highlights (Mod-Alt-M
 * comments on the selection).
 */
import type { AnyExtension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import { useEffect, useRef, useState } from 'react';
import type { CaseField } from '../../../shared/caseDetails';
import { CaseFieldNode, createSchemaExtensions } from '../../../shared/editor';
import { BODY_FRAGMENT } from '../../../shared/protocol';
import type { LetterTemplate } from '../../../shared/templates';
import { CommentBar } from '../comments/CommentBar';
import { CommentHighlights, requestComment } from '../comments/CommentHighlights';
import type { LetterConnection } from '../sync/letterConnection';
import { useDistinctCaretColor } from '../sync/distinctColor';
import type { AwarenessUser } from '../sync/presence';
import { CaseFieldMenu } from './CaseFieldMenu';
import { CaseFieldWithView } from './CaseFieldView';
import { CaseFieldTrigger } from './caseFieldTrigger';
import { CaseViewContext, NO_CASE_VIEW, type CaseView } from './caseView';
import { renderCaret } from './caretLabel';
import { SectionHints } from './sectionHints';
import { Toolbar } from './Toolbar';

/** Props of LetterEditor. */
export interface LetterEditorProps {
  connection: LetterConnection;
  /** Who I am to the others: name, colour and profession beside my caret. */
  user: AwarenessUser;
  /** False for viewers and commenters, and once the server closed the room: edits could not be saved. */
  editable: boolean;
  /** Accessible name of the text area, e.g. the letter title. */
  label: string;
  /** The letter's template, for the in-place section guidance. */
  template: LetterTemplate | null;
  /** What case-field placeholders show: live values, or masks in the de-identified view. */
  caseView?: CaseView;
  /** Receives the editor once it exists (and null when it goes), for the outline and checklist. */
  onEditor?(editor: Editor | null): void;
  /** I may comment (owners, editors, commenters; not on a sent letter): shows the Comment button. */
  canComment?: boolean;
}

/** The schema extensions with the shared case-field node swapped for the one with a React view. */
function clientSchemaExtensions(): AnyExtension[] {
  return createSchemaExtensions().map((extension) => (extension.name === CaseFieldNode.name ? CaseFieldWithView : extension));
}

/** Where the case-field menu is open, and whether a typed `{` opened it. */
interface MenuState {
  top: number;
  left: number;
  fromBrace: boolean;
}

/**
 * The editor. It never receives `content`: the body comes only from the Y.Doc, which the server
 * seeded from the template, so no client can duplicate it.
 */
export function LetterEditor({ connection, user, editable, label, template, caseView = NO_CASE_VIEW, onEditor, canComment = false }: LetterEditorProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [menu, setMenu] = useState<MenuState | null>(null);
  // The trigger extension is configured once per editor; it calls whatever opens the menu now.
  const openMenuRef = useRef<(fromBrace: boolean) => void>(() => {});
  const editor = useEditor(
    {
      extensions: [
        ...clientSchemaExtensions(),
        Collaboration.configure({ document: connection.ydoc, field: BODY_FRAGMENT }),
        CollaborationCaret.configure({ provider: connection.provider, user: { ...user }, render: renderCaret }),
        SectionHints.configure({ template }),
        CaseFieldTrigger.configure({ onTrigger: () => openMenuRef.current(true) }),
        CommentHighlights,
      ],
      editable,
      editorProps: {
        attributes: bodyAttributes(label, editable),
      },
    },
    // A new connection means a new Y.Doc: the editor must be rebuilt around it.
    [connection, template],
  );

  // Two people present never share a caret colour: one of them shows another for this letter.
  const color = useDistinctCaretColor(connection.provider.awareness, user.color);
  useEffect(() => {
    editor.commands.updateUser({ name: user.name, color, profession: user.profession });
  }, [editor, user.name, color, user.profession]);

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  openMenuRef.current = (fromBrace) => {
    const box = boxRef.current?.getBoundingClientRect();
    if (!box) return;
    const caret = editor.view.coordsAtPos(editor.state.selection.from);
    setMenu({ top: caret.bottom - box.top + 6, left: Math.max(0, Math.min(caret.left - box.left, box.width - 280)), fromBrace });
  };

  // Focus goes back to the text synchronously (view.focus), not through TipTap's focus command,
  // which waits for the next animation frame: keys typed in between would land nowhere, and the
  // late focus could steal it from a menu opened meanwhile.
  function handleInsert(field: CaseField) {
    editor.view.focus();
    setMenu(null);
    editor.chain().insertContent({ type: CaseFieldNode.name, attrs: { field } }).run();
  }

  // Escape leaves what was typed as plain text: the `{` and the query after it (from the toolbar,
  // nothing was typed into the letter). Backspace past the query erases the brace too.
  function handleCancel(query: string, erased: boolean) {
    const typedBrace = menu?.fromBrace ?? false;
    editor.view.focus();
    setMenu(null);
    // A text node, not a string: insertContent would parse a string as HTML.
    if (typedBrace && !erased) editor.chain().insertContent({ type: 'text', text: `{${query}` }).run();
  }

  useEffect(() => {
    // setOptions re-renders the attributes (aria-readonly, a renamed title) without a transaction.
    editor.setOptions({ editable, editorProps: { ...editor.options.editorProps, attributes: bodyAttributes(label, editable) } });
  }, [editor, editable, label]);

  return (
    <CaseViewContext.Provider value={caseView}>
      <div className="editor" ref={boxRef}>
        {editable && (
          <Toolbar
            editor={editor}
            disabled={false}
            onInsertCaseField={() => openMenuRef.current(false)}
            onComment={canComment ? () => requestComment(editor) : undefined}
          />
        )}
        {!editable && canComment && <CommentBar editor={editor} />}
        <div className="paper">
          <EditorContent editor={editor} />
        </div>
        {menu && editable && (
          <CaseFieldMenu position={menu} onPick={handleInsert} onCancel={handleCancel} onDismiss={() => setMenu(null)} />
        )}
      </div>
    </CaseViewContext.Provider>
  );
}

/** The attributes of the editable element: a labelled, multi-line textbox, read-only when it is. */
function bodyAttributes(label: string, editable: boolean): Record<string, string> {
  return {
    class: 'letter-body',
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-readonly': String(!editable),
    'aria-label': `Letter text: ${label}`,
    spellcheck: 'true',
    // Focusable even when read-only, so keyboard users reach the text (and Mod-Alt-M, and
    // Escape from the comment margin, can bring them back to it).
    tabindex: '0',
  };
}
