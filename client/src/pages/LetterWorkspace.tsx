/** The open letter: heading and controls, sync status, editor, the people in it and the section guide. */
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { Letter } from '../../../shared/letters';
import { can } from '../../../shared/roles';
import { getLetter } from '../api/letters';
import { PresenceList } from '../components/PresenceList';
import { SectionGuide, findTemplate } from '../components/SectionGuide';
import { SiteHeader } from '../components/SiteHeader';
import { SyncStatusBadge } from '../components/SyncStatusBadge';
import { isNotFound } from '../components/errorMessage';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { LetterEditor } from '../editor/LetterEditor';
import { useSignedIn } from '../session/SessionContext';
import type { LetterConnection } from '../sync/letterConnection';
import { useBeforeUnload } from '../sync/useBeforeUnload';
import { useLetterConnection } from '../sync/useLetterConnection';
import { usePresence } from '../sync/usePresence';
import { ClosedNotice, REMOVED_CLOSE } from './ClosedNotice';
import { LetterHeading } from './LetterHeading';
import { ShareDialog } from './share/ShareDialog';

/** The workspace for one loaded letter; its role is reloaded whenever the connection is re-established. */
export function LetterWorkspace({ initialLetter }: { initialLetter: Letter }) {
  const [letter, setLetter] = useState(initialLetter);
  const [removed, setRemoved] = useState(false);
  const [shareOpen, setShareOpen] = useState(false);
  const [, navigate] = useLocation();
  const { connection, sync } = useLetterConnection(letter.id);
  useBeforeUnload(sync.unsaved);
  useDocumentTitle(letter.title);

  useEffect(() => {
    // The first connection uses the role loaded with the page. Every later one may follow a 4500
    // close (my role changed), so the role, and with it editability, is fetched again.
    if (sync.connections < 2) return;
    const controller = new AbortController();
    getLetter(letter.id, controller.signal).then(
      (fresh) => setLetter(fresh),
      (error: unknown) => {
        if (isNotFound(error)) setRemoved(true);
        // Any other failure keeps the role we know; the server enforces the real one regardless.
      },
    );
    return () => controller.abort();
  }, [sync.connections, letter.id]);

  const finalClose = sync.finalClose ?? (removed ? REMOVED_CLOSE : null);
  const mayEdit = can(letter.role, 'editBody');

  return (
    <>
      <SiteHeader>
        <SyncStatusBadge status={finalClose ? 'closed' : sync.status} />
      </SiteHeader>
      <main className="letter-layout" id="main">
        <div className="letter-main">
          <Link href="/" className="back-link">
            ← All letters
          </Link>
          <LetterHeading letter={letter} onChange={setLetter} onOpenShare={() => setShareOpen(true)} />
          {finalClose && <ClosedNotice close={finalClose} />}
          {!mayEdit && !finalClose && (
            <p className="notice notice--info" data-testid="read-only-note">
              <strong>You can view this letter.</strong> Only its owners and editors can change the text; you see their
              changes as they type.
            </p>
          )}
          {connection && sync.loaded ? (
            <ConnectedEditor connection={connection} editable={mayEdit && finalClose === null} letter={letter} />
          ) : (
            !finalClose && (
              <p className="muted loading" aria-live="polite">
                {sync.status === 'offline' ? 'Cannot reach the server yet; retrying…' : 'Loading the letter…'}
              </p>
            )
          )}
        </div>
        <aside className="letter-side" aria-label="About this letter">
          {connection && !finalClose && <LivePresence connection={connection} />}
          <SectionGuide templateId={letter.template} />
        </aside>
      </main>
      <ShareDialog
        open={shareOpen}
        onClose={() => setShareOpen(false)}
        letter={letter}
        onLeft={() => navigate('/', { replace: true })}
      />
    </>
  );
}

interface ConnectedEditorProps {
  connection: LetterConnection;
  editable: boolean;
  letter: Letter;
}

function ConnectedEditor({ connection, editable, letter }: ConnectedEditorProps) {
  const { user, color } = useSignedIn();
  const template = findTemplate(letter.template) ?? null;
  return (
    <LetterEditor
      connection={connection}
      user={{ name: user.name, color, profession: user.profession }}
      editable={editable}
      label={letter.title}
      template={template}
    />
  );
}

function LivePresence({ connection }: { connection: LetterConnection }) {
  const users = usePresence(connection.provider.awareness);
  return <PresenceList users={users} />;
}
