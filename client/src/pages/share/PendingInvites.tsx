/** Invites not yet accepted, which owners can revoke. */
import { useState } from 'react';
import type { Invite } from '../../../../shared/members';
import { ROLE_LABEL } from '../../../../shared/roles';
import { revokeInvite } from '../../api/members';
import { errorMessage } from '../../components/errorMessage';
import { formatDateTime } from '../../components/formatDate';

/** The pending invites list (owners only). */
export function PendingInvites({ letterId, invites, onChanged }: { letterId: string; invites: Invite[]; onChanged(): void }) {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function handleRevoke(invite: Invite) {
    setBusyId(invite.id);
    setError(null);
    try {
      await revokeInvite(letterId, invite.id);
      onChanged();
    } catch (cause) {
      setError(`Could not revoke the invite for ${invite.email}. ${errorMessage(cause)}`);
    } finally {
      setBusyId(null);
    }
  }

  return (
    <section className="invites" aria-labelledby="invites-title">
      <h3 id="invites-title" className="side-title">
        Pending invites <span className="count">{invites.length}</span>
      </h3>
      {invites.length === 0 ? (
        <p className="muted">No pending invites.</p>
      ) : (
        <ul className="member-list" data-testid="pending-invites">
          {invites.map((invite) => (
            <li key={invite.id} className="member">
              <span className="member__who">
                <span className="member__name">{invite.email}</span>
                <span className="member__email">
                  {ROLE_LABEL[invite.role]} · {invite.emailedAt ? `emailed ${formatDateTime(invite.emailedAt)}` : 'link given to you to send'} ·
                  expires {formatDateTime(invite.expiresAt)}
                </span>
              </span>
              <button
                type="button"
                className="button button--small"
                disabled={busyId === invite.id}
                onClick={() => handleRevoke(invite)}
                aria-label={`Revoke the invite for ${invite.email}`}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
