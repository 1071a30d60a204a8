/** `/sign-in`: email and password; afterwards back to where the person was going. */
import { useId, useState, type FormEvent } from 'react';
import { Link, Redirect, useLocation, useSearchParams } from 'wouter';
import { signIn } from '../api/auth';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { safeNextPath, signUpPath } from '../session/nextPath';
import { useSession } from '../session/SessionContext';
import { AuthLayout } from './AuthLayout';
import { signInErrorMessage } from './authMessages';

/** The sign-in page. */
export function SignInPage() {
  const { state, setUser } = useSession();
  const [params] = useSearchParams();
  const [, navigate] = useLocation();
  const next = safeNextPath(params.get('next'));
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();
  useDocumentTitle('Sign in');

  if (state.status === 'signed-in' && !busy) return <Redirect to={next} replace />;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (email.trim() === '' || password === '') return setError('Enter your email and your password.');
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(email.trim(), password);
      setUser(user);
      navigate(next, { replace: true });
    } catch (cause) {
      setError(signInErrorMessage(cause));
      setBusy(false);
    }
  }

  const describedBy = error ? errorId : undefined;
  return (
    <AuthLayout title="Sign in to Casewrite" testId="sign-in">
      <form onSubmit={handleSubmit} noValidate className="stack">
        <div>
          <label htmlFor={emailId}>Email</label>
          <input
            id={emailId}
            type="email"
            autoComplete="email"
            autoFocus={email === ''}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={error !== null}
            aria-describedby={describedBy}
          />
        </div>
        <div>
          <label htmlFor={passwordId}>Password</label>
          <input
            id={passwordId}
            type="password"
            autoComplete="current-password"
            autoFocus={email !== ''}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={error !== null}
            aria-describedby={describedBy}
          />
        </div>
        {error && (
          <p id={errorId} className="notice notice--error" role="alert" data-testid="form-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-card__switch">
        New to Casewrite? <Link href={signUpPath(next, email.trim() || undefined)}>Create an account</Link>
      </p>
    </AuthLayout>
  );
}
