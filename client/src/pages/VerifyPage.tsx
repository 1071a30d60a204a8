/**
 * `/verify/:token`: the link a sign-up mails to its address. Typing the password chosen at
 * sign-up creates the account and signs in (the link alone proves the mailbox, not who signed up).
 */
import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { verifySignUp } from '../api/auth';
import { ApiRequestError } from '../api/http';
import { errorMessage, isNotFound } from '../components/errorMessage';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useSession } from '../session/SessionContext';
import { AuthLayout } from './AuthLayout';

/** What went wrong, in words that say what to do next. */
function verifyErrorMessage(error: unknown): string {
  if (isNotFound(error)) return 'This link no longer works: it may have expired or been used. Sign up again to get a new one.';
  if (error instanceof ApiRequestError && error.code === 'wrong_password') {
    return 'That is not the password chosen when signing up. If you did not sign up yourself, ignore the mail: no account is created.';
  }
  return errorMessage(error);
}

/** The confirmation page. */
export function VerifyPage({ token }: { token: string }) {
  const { setUser } = useSession();
  const [, navigate] = useLocation();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { password: useId(), error: useId() };
  useDocumentTitle('Confirm your email');

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (password === '') return setError('Type the password you chose when signing up.');
    setBusy(true);
    setError(null);
    try {
      setUser(await verifySignUp(token, password));
      navigate('/', { replace: true });
    } catch (cause) {
      setError(verifyErrorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <AuthLayout title="Confirm your email" testId="verify">
      <p>Type the password you chose when signing up to finish creating your account.</p>
      <form onSubmit={handleSubmit} noValidate className="stack">
        <div>
          <label htmlFor={ids.password}>Password</label>
          <input
            id={ids.password}
            type="password"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error ? ids.error : undefined}
          />
        </div>
        {error && (
          <p id={ids.error} className="notice notice--error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Creating your account…' : 'Confirm and create account'}
        </button>
      </form>
      <p className="auth-card__switch">
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </AuthLayout>
  );
}
