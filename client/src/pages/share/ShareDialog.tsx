/**
 * Who is on a letter. Owners invite by email with a role, see pending invites (and revoke them),
 * change roles and remove people; everyone else sees the list read-only and may leave.
 */
import type { Letter } from '../../../../shared/letters';
import { can } from '../../../../shared/roles';
import { listMembers } from '../../api/members';
import { useAsync } from '../../api/useAsync';
import { Modal } from '../../components/Modal';
import { errorMessage } from '../../components/errorMessage';
import { InviteForm } from './InviteForm';
import { MemberList } from './MemberList';
import type { LetterConnection } from '../../sync/letterConnection';
import { useLetterEvent } from '../../sync/useLetterEvent';
import { PendingInvites } from './PendingInvites';

/** Props of ShareDialog. */
export interface ShareDialogProps {
  open: boolean;
  onClose(): void;
  letter: Letter;
  /** The letter's live connection, whose `members` notices keep the list current. */
  connection: LetterConnection | null;
  /** After I left the letter (it is no longer mine to see). */
  onLeft(): void;
}

/** The share dialog of the letter page. */
export function ShareDialog({ open, onClose, letter, connection, onLeft }: ShareDialogProps) {
  const isOwner = can(letter.role, 'manageMembers');
  return (
    <Modal open={open} onClose={onClose} title={isOwner ? 'Share this letter' : 'People on this letter'} wide testId="share-dialog">
      <ShareContent letter={letter} isOwner={isOwner} connection={connection} onLeft={onLeft} />
    </Modal>
  );
}

function ShareContent(props: { letter: Letter; isOwner: boolean; connection: LetterConnection | null; onLeft(): void }) {
  const { letter, isOwner, connection, onLeft } = props;
  // The role is part of the key: after a role change the list (and whether invites show) reloads.
  const { result, retry, refresh } = useAsync(`members:${letter.id}:${letter.role}`, (signal) => listMembers(letter.id, signal));
  // Someone else invited, removed or changed a role: show it without a reload.
  useLetterEvent(connection, 'members', refresh);

  return (
    <div className="share">
      {isOwner && <InviteForm letterId={letter.id} onAdded={refresh} />}
      {result.state === 'loading' && <p className="muted">Loading the people on this letter…</p>}
      {result.state === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>Could not load the people on this letter. {errorMessage(result.error)}</p>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {result.state === 'ready' && (
        <>
          <MemberList letterId={letter.id} members={result.value.members} isOwner={isOwner} onChanged={refresh} onLeft={onLeft} />
          {isOwner && <PendingInvites letterId={letter.id} invites={result.value.invites} onChanged={refresh} />}
        </>
      )}
      {!isOwner && <p className="muted share__note">Only the letter’s owners can invite people or change roles.</p>}
    </div>
  );
}
