/** The collaborative letter body: TipTap bound to the letter's Y.Doc, with named carets. */
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect } from 'react';
import { createSchemaExtensions } from '../../../shared/editor';
import { BODY_FRAGMENT } from '../../../shared/protocol';
import type { LetterTemplate } from '../../../shared/templates';
import type { Identity } from '../identity/identity';
import type { LetterConnection } from '../sync/letterConnection';
import { SectionHints } from './sectionHints';
import { Toolbar } from './Toolbar';

/** Props of LetterEditor. */
export interface LetterEditorProps {
  connection: LetterConnection;
  identity: Identity;
  /** False once the server refused the room: edits could never be saved. */
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
export function LetterEditor({ connection, identity, editable, label, template }: LetterEditorProps) {
  const editor = useEditor(
    {
      extensions: [
        ...createSchemaExtensions(),
        Collaboration.configure({ document: connection.ydoc, field: BODY_FRAGMENT }),
        CollaborationCaret.configure({ provider: connection.provider, user: { ...identity } }),
        SectionHints.configure({ template }),
      ],
      editable,
      editorProps: {
        attributes: {
          class: 'letter-body',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': `Letter text: ${label}`,
          spellcheck: 'true',
        },
      },
    },
    // A new connection means a new Y.Doc: the editor must be rebuilt around it.
    [connection, template],
  );

  useEffect(() => {
    editor.commands.updateUser({ name: identity.name, color: identity.color });
  }, [editor, identity.name, identity.color]);

  useEffect(() => {
    if (editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  return (
    <div className="editor">
      <Toolbar editor={editor} disabled={!editable} />
      <div className="paper">
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}
