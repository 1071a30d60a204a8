/** Password hashing with argon2id (OWASP's recommended parameters). Passwords are never stored or logged. */
import { hash, verify } from '@node-rs/argon2';

// 19 MiB, 2 iterations, 1 lane: OWASP's argon2id minimum, about 30 ms here.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password for storage. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Whether `password` matches a stored hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false; // a malformed stored hash matches nothing
  }
}

/** A hash to verify against when the account does not exist, so both cases take the same time. */
export const DUMMY_PASSWORD_HASH = await hashPassword('not the password of any account');
