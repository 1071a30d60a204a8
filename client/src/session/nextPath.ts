/** Where to go after signing in: only paths on this site, so a crafted link cannot send people elsewhere. */

/** `raw` if it is a path on this origin ("/letters/…"), otherwise "/". */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/')) return '/';
  // "//host" and "/\host" are protocol-relative URLs to another site in browsers.
  if (raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  return raw;
}

/** The sign-in page that returns to `next` afterwards (and pre-fills `email` if given). */
export function signInPath(next: string, email?: string): string {
  const params = new URLSearchParams();
  if (safeNextPath(next) !== '/') params.set('next', next);
  if (email) params.set('email', email);
  const query = params.toString();
  return `/sign-in${query ? `?${query}` : ''}`;
}

/** The sign-up page, likewise; `invite` carries an invite token to sign up with. */
export function signUpPath(next: string, email?: string, invite?: string): string {
  const params = new URLSearchParams();
  if (safeNextPath(next) !== '/') params.set('next', next);
  if (email) params.set('email', email);
  if (invite) params.set('invite', invite);
  const query = params.toString();
  return `/sign-up${query ? `?${query}` : ''}`;
}
