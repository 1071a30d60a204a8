/**
 * Which failed sign-ins stop whom, designed so that a guesser is slowed and nobody can lock a real
 * person out (OWASP's Authentication Cheat Sheet: lockout keyed on the account alone is a denial
 * of service; key it on the account and the client, and let known clients through):
 *
 * - per account and address: 5 failures stop that address from trying that account;
 * - per address: 20 failures stop that address from trying any account;
 * - per account: 100 failures from anywhere (NIST SP 800-63B's ceiling) stop addresses that never
 *   signed in to it; an address that did within 30 days still may, within its own limits above.
 *
 * An attacker elsewhere therefore never stops the real person signing in from their own network.
 */
import type { Limiters } from './rateLimit';

/** The keys one sign-in attempt is counted under. */
interface SignInKeys {
  account: string;
  address: string;
  pair: string;
}

function keysOf(email: string, address: string | null): SignInKeys {
  const from = address ?? 'unknown';
  // A newline appears in neither an email (validated) nor an address, so pairs never collide.
  return { account: email, address: from, pair: `${email}\n${from}` };
}

/**
 * Admits one sign-in attempt to `email` from `address`, or answers how long it must wait. An
 * admitted attempt counts against the account-and-address limit in the same step as the check,
 * so a burst of requests at once gets no more than that limit through from one address.
 */
export async function admitSignIn(limiters: Limiters, email: string, address: string | null): Promise<number> {
  const keys = keysOf(email, address);
  const [fromAddress, known, account] = await Promise.all([
    limiters.signInFailuresPerAddress.retryAfterMs(keys.address),
    limiters.knownSignInAddress.retryAfterMs(keys.pair).then((wait) => wait > 0),
    limiters.signInFailuresPerAccount.retryAfterMs(keys.account),
  ]);
  const wait = Math.max(fromAddress, known ? 0 : account);
  if (wait > 0) return wait;
  return limiters.signInFailuresPerAccountAddress.take(keys.pair);
}

/** Counts a failed sign-in against its address and its account (the pair counted it when admitting it). */
export async function recordSignInFailure(limiters: Limiters, email: string, address: string | null): Promise<void> {
  const keys = keysOf(email, address);
  await Promise.all([limiters.signInFailuresPerAddress.record(keys.address), limiters.signInFailuresPerAccount.record(keys.account)]);
}

/**
 * After a successful sign-in: this address's attempts on the account are forgiven and the address
 * becomes known to the account. The account's failures from elsewhere stay counted.
 */
export async function recordSignInSuccess(limiters: Limiters, email: string, address: string | null): Promise<void> {
  const keys = keysOf(email, address);
  await Promise.all([limiters.signInFailuresPerAccountAddress.reset(keys.pair), limiters.knownSignInAddress.record(keys.pair)]);
}
