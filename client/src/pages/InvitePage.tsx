/**
 * `/invites/:token`: what the invite is for, then the way in. Signed in: accept, with whichever
 * account (the link is what proves the invited mailbox). Otherwise: sign in or sign up, and come
 * back here (a sign-up with the invited address and the link joins at once).
 */
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { InvitePreview } from '../../../shared/members';
import { ROLE_LABEL } from '../../../shared/roles';
import { acceptInvite, getInvitePreview } from '../api/members';
import { useAsync } from '../api/useAsync';
import { errorMessage, isNotFound } from '../components/errorMessage';
import { formatDateTime } from '../components/formatDate';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { signInPath, signUpPath } from '../session/nextPath';
import { useSession } from '../session/SessionContext';
import { AuthLayout } from './AuthLayout';
import { ROLE_HINT } from './share/roleOptions';

/** The invite page. */
export function InvitePage({ token }: { token: string }) {
  const { result, retry } = useAsync(`invite:${token}`, (signal) => getInvitePreview(token, signal));
  useDocumentTitle('Invitation');

  if (result.state === 'loading') {
    return (
      <AuthLayout title="Invitation" testId="invite">
        <p className="muted">Loading the invitation…</p>
      </AuthLayout>
    );
  }
  if (result.state === 'error') {
    return (
      <AuthLayout title={isNotFound(result.error) ? 'This invite link no longer works' : 'Invitation'} testId="invite">
        {isNotFound(result.error) ? (
          <p>
            It may have expired, been revoked, or been used already. Ask the letter’s owner to invite you again. If you
            already joined, the letter is in <Link href="/">your letters</Link>.
          </p>
        ) : (
          <div className="notice notice--error" role="alert">
            <p>Could not load the invitation. {errorMessage(result.error)}</p>
            <button type="button" className="button" onClick={retry}>
              Try again
            </button>
          </div>
        )}
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="You are invited to a letter" testId="invite">
      <InviteSummary invite={result.value} />
      <InviteActions token={token} invite={result.value} />
    </AuthLayout>
  );
}

function InviteSummary({ invite }: { invite: InvitePreview }) {
  return (
    <dl className="invite-summary">
      <dt>Letter</dt>
      <dd data-testid="invite-letter-title">{invite.letterTitle}</dd>
      <dt>Invited by</dt>
      <dd>{invite.invitedBy}</dd>
      <dt>For</dt>
      <dd>{invite.email}</dd>
      <dt>Role</dt>
      <dd>
        {ROLE_LABEL[invite.role]} <span className="muted">({ROLE_HINT[invite.role]})</span>
      </dd>
      <dt>Valid until</dt>
      <dd>{formatDateTime(invite.expiresAt)}</dd>
    </dl>
  );
}

function InviteActions({ token, invite }: { token: string; invite: InvitePreview }) {
  const { state, signOut } = useSession();
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const here = `/invites/${token}`;

  async function handleAccept() {
    setBusy(true);
    setError(null);
    try {
      const letter = await acceptInvite(token);
      navigate(`/letters/${letter.id}`, { replace: true });
    } catch (cause) {
      setError(errorMessage(cause));
      setBusy(false);
    }
  }

  async function handleSignOut() {
    setBusy(true);
    try {
      await signOut();
    } catch (cause) {
      setError(`Could not sign out. ${errorMessage(cause)}`);
    } finally {
      setBusy(false);
    }
  }

  if (state.status === 'loading') return <p className="muted">Checking your account…</p>;
  const errorNotice = error && (
    <p className="notice notice--error" role="alert">
      {error}
    </p>
  );

  if (state.status === 'signed-in') {
    const otherAccount = state.user.email.toLowerCase() !== invite.email.toLowerCase();
    return (
      <div className="stack">
        {otherAccount && (
          <p className="notice notice--info">
            This invite was sent to <strong>{invite.email}</strong>. You are signed in as <strong>{state.user.email}</strong>:
            accepting adds this account to the letter. To join with another account, sign out first.
          </p>
        )}
        {errorNotice}
        <button type="button" className="button button--primary button--block" onClick={handleAccept} disabled={busy}>
          {busy ? 'Joining…' : `Accept as ${state.user.name} and open the letter`}
        </button>
        {otherAccount && (
          <button type="button" className="button button--block" onClick={handleSignOut} disabled={busy}>
            Sign out
          </button>
        )}
      </div>
    );
  }
  return (
    <div className="stack">
      <p>To join, sign in to your account, or create one. The link is what lets you in: keep it to yourself.</p>
      {errorNotice}
      <Link href={signUpPath(here, invite.email, token)} className="button button--primary button--block">
        Create an account
      </Link>
      <Link href={signInPath(here, invite.email)} className="button button--block">
        I already have an account: sign in
      </Link>
    </div>
  );
}
