/** The people on a letter: owners change roles and remove; everyone may leave. */
import { useState } from 'react';
import type { Member } from '../../../../shared/members';
import { ROLE_LABEL, type LetterRole } from '../../../../shared/roles';
import { changeMemberRole, removeMember } from '../../api/members';
import { Avatar } from '../../components/Avatar';
import { errorMessage } from '../../components/errorMessage';
import { colorForUserId } from '../../session/caretColor';
import { professionTag } from '../../session/professions';
import { useSignedIn } from '../../session/SessionContext';
import { RoleOptions, readRole } from './roleOptions';

/** Props of MemberList. */
export interface MemberListProps {
  letterId: string;
  members: Member[];
  isOwner: boolean;
  onChanged(): void;
  onLeft(): void;
}

/** The member list. */
export function MemberList({ letterId, members, isOwner, onChanged, onLeft }: MemberListProps) {
  const { user } = useSignedIn();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(member: Member, action: () => Promise<unknown>, failure: string, after: () => void) {
    setBusyId(member.userId);
    setError(null);
    try {
      await action();
      setConfirming(null);
      after();
    } catch (cause) {
      setError(`${failure} ${errorMessage(cause)}`);
    } finally {
      setBusyId(null);
    }
  }

  const handleRole = (member: Member, role: LetterRole) =>
    run(member, () => changeMemberRole(letterId, member.userId, role), `Could not change ${member.name}’s role.`, onChanged);
  const handleRemove = (member: Member) => {
    const self = member.userId === user.id;
    return run(
      member,
      () => removeMember(letterId, member.userId),
      self ? 'Could not leave the letter.' : `Could not remove ${member.name}.`,
      self ? onLeft : onChanged,
    );
  };

  return (
    <section aria-labelledby="members-title">
      <h3 id="members-title" className="side-title">
        People <span className="count">{members.length}</span>
      </h3>
      <ul className="member-list" data-testid="member-list">
        {members.map((member) => {
          const self = member.userId === user.id;
          const tag = professionTag(member.profession);
          const busy = busyId === member.userId;
          return (
            <li key={member.userId} className="member" data-testid="member">
              <Avatar name={member.name} color={colorForUserId(member.userId)} />
              <span className="member__who">
                <span className="member__name">
                  {member.name}
                  {self && <span className="muted"> (you)</span>}
                  {tag && <span className="tag">{tag}</span>}
                </span>
                <span className="member__email">{member.email}</span>
              </span>
              {confirming === member.userId ? (
                <span className="member__confirm" role="group" aria-label={self ? 'Confirm leaving' : `Confirm removing ${member.name}`}>
                  <span>{self ? 'Leave this letter?' : `Remove ${member.name}?`}</span>
                  <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => handleRemove(member)}>
                    {self ? 'Leave' : 'Remove'}
                  </button>
                  <button type="button" className="button button--small" onClick={() => setConfirming(null)}>
                    Cancel
                  </button>
                </span>
              ) : (
                <span className="member__actions">
                  {isOwner ? (
                    <select
                      aria-label={`Role of ${member.name}`}
                      value={member.role}
                      disabled={busy}
                      onChange={(event) => handleRole(member, readRole(event.target.value))}
                    >
                      <RoleOptions />
                    </select>
                  ) : (
                    <span className="member__role">{ROLE_LABEL[member.role]}</span>
                  )}
                  {(isOwner || self) && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => setConfirming(member.userId)}
                      aria-label={self ? 'Leave this letter' : `Remove ${member.name}`}
                    >
                      {self ? 'Leave' : 'Remove'}
                    </button>
                  )}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
