/** The open letter: title, sync status, editor, the people in it and the section guide. */
import { Link } from 'wouter';
import type { Letter } from '../../../shared/letters';
import { CloseReason } from '../../../shared/protocol';
import { PresenceList } from '../components/PresenceList';
import { SectionGuide, findTemplate } from '../components/SectionGuide';
import { SiteHeader } from '../components/SiteHeader';
import { SyncStatusBadge } from '../components/SyncStatusBadge';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { LetterEditor } from '../editor/LetterEditor';
import { useIdentity } from '../identity/IdentityContext';
import type { FinalClose, LetterConnection } from '../sync/letterConnection';
import { useBeforeUnload } from '../sync/useBeforeUnload';
import { useLetterConnection } from '../sync/useLetterConnection';
import { usePresence } from '../sync/usePresence';

/** Why the server ended the connection for good, in words a clinician can act on. */
export function finalCloseMessage(close: FinalClose): string {
  switch (close.code) {
    case CloseReason.noSuchRoom.code:
      return 'This letter no longer exists, or it is no longer shared with you. Nothing more can be saved here.';
    case CloseReason.unauthenticated.code:
      return 'You are signed out. Sign in again and reopen the letter.';
    case CloseReason.forbidden.code:
      return 'You do not have permission to edit this letter.';
    default:
      return `The server closed the connection (${close.reason || close.code}). Copy any unsaved text, then reload the page.`;
  }
}

/** The workspace for one loaded letter. Requires an identity (rendered inside IdentityGate). */
export function LetterWorkspace({ letter }: { letter: Letter }) {
  const { connection, sync } = useLetterConnection(letter.id);
  useBeforeUnload(sync.unsaved);
  useDocumentTitle(letter.title);

  return (
    <>
      <SiteHeader>
        <SyncStatusBadge status={sync.status} />
      </SiteHeader>
      <main className="letter-layout" id="main">
        <div className="letter-main">
          <Link href="/" className="back-link">
            ← All letters
          </Link>
          <h1 className="letter-title">{letter.title}</h1>
          {sync.finalClose && (
            <div className="notice notice--error" role="alert" data-testid="final-close">
              {finalCloseMessage(sync.finalClose)}
            </div>
          )}
          {connection && sync.loaded ? (
            <ConnectedEditor connection={connection} editable={sync.finalClose === null} letter={letter} />
          ) : (
            !sync.finalClose && (
              <p className="muted loading" aria-live="polite">
                {sync.status === 'offline' ? 'Cannot reach the server yet; retrying…' : 'Loading the letter…'}
              </p>
            )
          )}
        </div>
        <aside className="letter-side" aria-label="About this letter">
          {connection && <LivePresence connection={connection} />}
          <SectionGuide templateId={letter.template} />
        </aside>
      </main>
    </>
  );
}

interface ConnectedEditorProps {
  connection: LetterConnection;
  editable: boolean;
  letter: Letter;
}

function ConnectedEditor({ connection, editable, letter }: ConnectedEditorProps) {
  const { identity } = useIdentity();
  const template = findTemplate(letter.template) ?? null;
  if (!identity) return null;
  return (
    <LetterEditor connection={connection} identity={identity} editable={editable} label={letter.title} template={template} />
  );
}

function LivePresence({ connection }: { connection: LetterConnection }) {
  const users = usePresence(connection.provider.awareness);
  return <PresenceList users={users} />;
}
