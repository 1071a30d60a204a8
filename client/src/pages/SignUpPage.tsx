/**
 * `/sign-up`: name, email, password (its rule shown up front) and profession. With an invite token
 * in the address, the new account joins that letter straight away. When the server sends mail,
 * the account waits for its address: the page then says to check the inbox.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, Redirect, useLocation, useSearchParams } from 'wouter';
import { AccountLimits, PROFESSIONS, SignupSchema, type Profession } from '../../../shared/auth';
import { signUp } from '../api/auth';
import { ApiRequestError } from '../api/http';
import { errorMessage } from '../components/errorMessage';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { safeNextPath, signInPath } from '../session/nextPath';
import { PROFESSION_LABEL, readProfession } from '../session/professions';
import { useSession } from '../session/SessionContext';
import { AuthLayout } from './AuthLayout';
import { asSentence } from './authMessages';

type Field = 'name' | 'email' | 'password' | 'profession';
type FieldErrors = Partial<Record<Field, string>>;

/** What went wrong on the server, in words that say what to do next. */
function signUpErrorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) {
    if (error.code === 'email_taken') return 'An account with this email already exists. Sign in instead.';
    if (error.code === 'signup_closed') {
      return 'New accounts need an invitation. Ask a letter’s owner to invite your email address, then open the link they send you.';
    }
  }
  return errorMessage(error);
}

/** The sign-up page. */
export function SignUpPage() {
  const { state, setUser } = useSession();
  const [params] = useSearchParams();
  const [, navigate] = useLocation();
  const next = safeNextPath(params.get('next'));
  const inviteToken = params.get('invite') ?? undefined;
  const [name, setName] = useState('');
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  // No default: the profession is shown to co-authors beside every caret, so it is asked, not assumed.
  const [profession, setProfession] = useState<Profession | ''>('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<{ message: string; offerSignIn: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const ids = { name: useId(), email: useId(), password: useId(), passwordHint: useId(), profession: useId(), error: useId() };
  useDocumentTitle('Create an account');
  // Fetch the password rule's word lists while the person types, so checking on submit is instant.
  useEffect(() => {
    void import('../../../shared/passwordRule');
  }, []);

  if (state.status === 'signed-in' && !busy) return <Redirect to={next} replace />;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    // Async: the password rule's word lists load on first use.
    const parsed = await SignupSchema.safeParseAsync({ name, email, password, profession: profession || undefined, ...(inviteToken ? { inviteToken } : {}) });
    if (!parsed.success || profession === '') {
      const errors: FieldErrors = profession === '' ? { profession: 'Choose your profession.' } : {};
      for (const issue of parsed.error?.issues ?? []) {
        const field = issue.path[0];
        if ((field === 'name' || field === 'email' || field === 'password') && !errors[field]) errors[field] = asSentence(issue.message);
      }
      setFieldErrors(errors);
      setFormError(null);
      return;
    }
    setFieldErrors({});
    setFormError(null);
    setBusy(true);
    try {
      const result = await signUp(parsed.data);
      if (result.kind === 'check-email') {
        setSentTo(result.email);
        setBusy(false);
        return;
      }
      setUser(result.user);
      navigate(result.letterId ? `/letters/${result.letterId}` : next, { replace: true });
    } catch (cause) {
      const offerSignIn = cause instanceof ApiRequestError && cause.code === 'email_taken';
      setFormError({ message: signUpErrorMessage(cause), offerSignIn });
      setBusy(false);
    }
  }

  const fieldProps = (field: Field, hintId?: string) => ({
    'aria-invalid': fieldErrors[field] !== undefined,
    'aria-describedby': [hintId, fieldErrors[field] ? `${ids[field]}-error` : undefined].filter(Boolean).join(' ') || undefined,
  });
  const fieldError = (field: Field) =>
    fieldErrors[field] && (
      <p id={`${ids[field]}-error`} className="field-error" role="alert">
        {fieldErrors[field]}
      </p>
    );

  if (sentTo !== null) {
    return (
      <AuthLayout title="Check your email" testId="sign-up-check-email">
        <div role="status" className="stack">
          <p>
            We sent a message to <strong>{sentTo}</strong>. Open the link in it and type your password again to finish
            creating your account. The link works for 24 hours.
          </p>
          {inviteToken && <p>Then open your invite link again to join the letter.</p>}
          <p className="muted">
            Nothing arrived after a few minutes? Check your spam folder, or <Link href="/sign-in">sign in</Link> if you
            already have an account.
          </p>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Create your Casewrite account" testId="sign-up">
      {inviteToken && <p className="muted">You were invited to a letter. Create your account to join it.</p>}
      <form onSubmit={handleSubmit} noValidate className="stack">
        <div>
          <label htmlFor={ids.name}>Your name</label>
          <input id={ids.name} autoComplete="name" autoFocus value={name} onChange={(e) => setName(e.target.value)} {...fieldProps('name')} />
          {fieldError('name')}
        </div>
        <div>
          <label htmlFor={ids.email}>Email</label>
          <input
            id={ids.email}
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            {...fieldProps('email')}
          />
          {fieldError('email')}
        </div>
        <div>
          <label htmlFor={ids.password}>Password</label>
          <p id={ids.passwordHint} className="field-hint">
            At least {AccountLimits.minPasswordLength} characters. Not a common password, a keyboard pattern or your own name: a short sentence is easy to remember and hard to guess.
          </p>
          <input
            id={ids.password}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            {...fieldProps('password', ids.passwordHint)}
          />
          {fieldError('password')}
        </div>
        <div>
          <label htmlFor={ids.profession}>Profession</label>
          <p id={`${ids.profession}-hint`} className="field-hint">
            Shown to your co-authors beside your name.
          </p>
          <select
            id={ids.profession}
            value={profession}
            onChange={(e) => setProfession(readProfession(e.target.value))}
            {...fieldProps('profession', `${ids.profession}-hint`)}
          >
            <option value="" disabled>
              Choose…
            </option>
            {PROFESSIONS.map((value) => (
              <option key={value} value={value}>
                {PROFESSION_LABEL[value]}
              </option>
            ))}
          </select>
          {fieldError('profession')}
        </div>
        {formError && (
          <div id={ids.error} className="notice notice--error" role="alert" data-testid="form-error">
            {formError.message}{' '}
            {formError.offerSignIn && <Link href={signInPath(next, email.trim())}>Sign in</Link>}
          </div>
        )}
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p className="auth-card__switch">
        Already have an account? <Link href={signInPath(next, email.trim() || undefined)}>Sign in</Link>
      </p>
    </AuthLayout>
  );
}

