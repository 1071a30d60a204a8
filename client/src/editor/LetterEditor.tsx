/** The collaborative letter body: TipTap bound to the letter's Y.Doc, with named carets. */
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect } from 'react';
import { createSchemaExtensions } from '../../../shared/editor';
import { BODY_FRAGMENT } from '../../../shared/protocol';
import type { LetterTemplate } from '../../../shared/templates';
import type { LetterConnection } from '../sync/letterConnection';
import type { AwarenessUser } from '../sync/presence';
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
}

/**
 * The editor. It never receives `content`: the body comes only from the Y.Doc, which the server
 * seeded from the template, so no client can duplicate it.
 */
export function LetterEditor({ connection, user, editable, label, template }: LetterEditorProps) {
  const editor = useEditor(
    {
      extensions: [
        ...createSchemaExtensions(),
        Collaboration.configure({ document: connection.ydoc, field: BODY_FRAGMENT }),
        CollaborationCaret.configure({ provider: connection.provider, user: { ...user }, render: renderCaret }),
        SectionHints.configure({ template }),
      ],
      editable,
      editorProps: {
        attributes: bodyAttributes(label, editable),
      },
    },
    // A new connection means a new Y.Doc: the editor must be rebuilt around it.
    [connection, template],
  );

  useEffect(() => {
    editor.commands.updateUser({ name: user.name, color: user.color, profession: user.profession });
  }, [editor, user.name, user.color, user.profession]);

  useEffect(() => {
    // setOptions re-renders the attributes (aria-readonly, a renamed title) without a transaction.
    editor.setOptions({ editable, editorProps: { ...editor.options.editorProps, attributes: bodyAttributes(label, editable) } });
  }, [editor, editable, label]);

  return (
    <div className="editor">
      {editable && <Toolbar editor={editor} disabled={false} />}
      <div className="paper">
        <EditorContent editor={editor} />
      </div>
    </div>
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
  };
}
