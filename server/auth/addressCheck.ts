/**
 * Sign-up when the server sends mail: the address is confirmed before an account exists, and the
 * answer never says whether the address already has one. A new address is mailed a confirmation
 * link; an address with an account is mailed a notice instead. Both hash the password and send one
 * mail, so the two take about as long.
 */
import type { Kysely } from 'kysely';
import type { Profession, SignupPending } from '../../shared/auth';
import type { Database } from '../db/schema';
import type { Mailer } from '../mail/mailer';
import { existingAccountNotice, signupVerificationMail } from '../mail/messages';
import { hashPassword } from './passwords';
import { createPendingSignup, deletePendingSignup } from './signupVerifications';
import { findUserByEmail } from './users';

/** Starts a sign-up that waits for its address; returns the answer, the same for every address. */
export async function requestAddressCheck(
  deps: { db: Kysely<Database>; mailer: Mailer; publicOrigin: () => string },
  signup: { email: string; password: string; name: string; profession: Profession },
): Promise<SignupPending> {
  const { db, mailer, publicOrigin } = deps;
  const passwordHash = await hashPassword(signup.password);
  if (await findUserByEmail(db, signup.email)) {
    await mailer.send(existingAccountNotice({ to: signup.email, signInUrl: `${publicOrigin()}/sign-in` }));
  } else {
    const pending = await createPendingSignup(db, { email: signup.email, name: signup.name, profession: signup.profession, passwordHash });
    try {
      await mailer.send(signupVerificationMail({ to: signup.email, link: `${publicOrigin()}/verify/${pending.token}`, expiresAt: pending.expiresAt }));
    } catch (error) {
      await deletePendingSignup(db, pending.id);
      throw error;
    }
  }
  return { verification: { email: signup.email } };
}
