/** `/settings`: the organization's letterhead (administrators edit it) and my signature block. */
import { Link } from 'wouter';
import { SiteHeader } from '../components/SiteHeader';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useSignedIn } from '../session/SessionContext';
import { LetterheadSection } from './LetterheadSection';
import { SignatureSection } from './SignatureSection';

/** The settings page. */
export function SettingsPage() {
  const { user } = useSignedIn();
  useDocumentTitle('Settings');
  return (
    <>
      <SiteHeader />
      <main className="page settings-page" id="main">
        <Link href="/" className="back-link">
          ← All letters
        </Link>
        <h1>Settings</h1>
        <p className="muted">What exported letters print around the text you write.</p>
        <SignatureSection user={user} />
        <LetterheadSection isAdmin={user.isAdmin} />
      </main>
    </>
  );
}
