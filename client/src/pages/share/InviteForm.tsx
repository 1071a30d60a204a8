/**
 * Invite someone by email with a role. Every address gets an invite, account or not: either the
 * server mailed its link, or the one-time link is shown here to pass on.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { EmailSchema } from '../../../../shared/auth';
import type { Invite } from '../../../../shared/members';
import { ROLE_LABEL, type LetterRole } from '../../../../shared/roles';
import { addMember } from '../../api/members';
import { errorMessage } from '../../components/errorMessage';
import { formatDateTime } from '../../components/formatDate';
import { RoleOptions, readRole } from './roleOptions';

/** The invite form at the top of the share dialog. */
export function InviteForm({ letterId, onAdded }: { letterId: string; onAdded(): void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<LetterRole>('editor');
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Invite | null>(null);
  const [busy, setBusy] = useState(false);
  const emailId = useId();
  const roleId = useId();
  const errorId = useId();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const parsed = EmailSchema.safeParse(email);
    if (!parsed.success) return setError('Enter the email address of the person to invite.');
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      setOutcome(await addMember(letterId, parsed.data, role));
      setEmail('');
      onAdded();
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="invite" aria-labelledby="invite-title">
      <h3 id="invite-title" className="side-title">
        Invite someone
      </h3>
      <form className="invite__form" onSubmit={handleSubmit} noValidate>
        <div className="invite__email">
          <label htmlFor={emailId}>Email</label>
          <input
            id={emailId}
            type="email"
            autoComplete="off"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
          />
        </div>
        <div className="invite__role">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} value={role} onChange={(event) => setRole(readRole(event.target.value))}>
            <RoleOptions withHints />
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Inviting…' : 'Invite'}
        </button>
      </form>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      <div role="status">
        {outcome && <InviteLink invite={outcome} />}
      </div>
    </section>
  );
}

/** A new invite: emailed by the server, or its link with a copy button (the server shows it only this once). */
function InviteLink({ invite }: { invite: Invite }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const linkId = useId();

  async function handleCopy() {
    try {
      await navigator.clipboard.writeText(invite.link ?? '');
      setCopied('yes');
    } catch {
      // Clipboard access can be refused (permissions, insecure origin): select it for Ctrl+C instead.
      inputRef.current?.select();
      setCopied('failed');
    }
  }

  if (!invite.link) {
    return (
      <p className="notice notice--ok" data-testid="invite-emailed">
        Invite emailed to <strong>{invite.email}</strong>. They join as {ROLE_LABEL[invite.role].toLowerCase()} once they open
        the link in it (until {formatDateTime(invite.expiresAt)}).
      </p>
    );
  }
  return (
    <div className="notice notice--ok invite-link" data-testid="invite-link">
      <p>
        Send this link to <strong>{invite.email}</strong> yourself, to that address only: whoever opens it while signed in
        joins as {ROLE_LABEL[invite.role].toLowerCase()}. It works once, until {formatDateTime(invite.expiresAt)}, and is
        shown only now.
      </p>
      <label htmlFor={linkId} className="visually-hidden">
        Invite link
      </label>
      <div className="invite-link__row">
        <input id={linkId} ref={inputRef} readOnly value={invite.link} onFocus={(event) => event.target.select()} />
        <button type="button" className="button" onClick={handleCopy}>
          Copy link
        </button>
      </div>
      {copied === 'yes' && <p className="invite-link__copied">Link copied.</p>}
      {copied === 'failed' && <p className="invite-link__copied">Press Ctrl+C (⌘C on a Mac) to copy the selected link.</p>}
    </div>
  );
}
