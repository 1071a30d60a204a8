/** The signed-in person in the header: who they are, their profile, settings, the admin log, and sign out. */
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { User } from '../../../shared/auth';
import { Avatar } from '../components/Avatar';
import { errorMessage } from '../components/errorMessage';
import { ProfileDialog } from './ProfileDialog';
import { professionTag } from './professions';
import { useSession } from './SessionContext';

/** The account area of the header. */
export function AccountMenu({ user, color }: { user: User; color: string }) {
  const { signOut } = useSession();
  const [, navigate] = useLocation();
  const [profileOpen, setProfileOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tag = professionTag(user.profession);

  async function handleSignOut() {
    setBusy(true);
    setError(null);
    try {
      // Leave the page first, so the sign-in page does not offer to come back to it.
      navigate('/sign-in');
      await signOut();
    } catch (cause) {
      setError(`Could not sign out. ${errorMessage(cause)}`);
      setBusy(false);
    }
  }

  return (
    <div className="account">
      <Avatar name={user.name} color={color} small />
      <span className="account__name" data-testid="account-name">
        {user.name}
      </span>
      {tag && <span className="tag">{tag}</span>}
      <button type="button" className="link-button" onClick={() => setProfileOpen(true)}>
        Profile
      </button>
      <Link href="/settings" className="link-button">
        Settings
      </Link>
      {user.isAdmin && (
        <Link href="/admin/audit" className="link-button">
          Admin audit log
        </Link>
      )}
      <button type="button" className="button button--small" onClick={handleSignOut} disabled={busy}>
        {busy ? 'Signing out…' : 'Sign out'}
      </button>
      {error && (
        <p className="field-error account__error" role="alert">
          {error}
        </p>
      )}
      <ProfileDialog open={profileOpen} onClose={() => setProfileOpen(false)} />
    </div>
  );
}
