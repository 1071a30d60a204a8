/** Join codes: short, random, readable aloud (JOIN_CODE_ALPHABET has no 0/O, 1/I/L). */
import { randomInt } from 'node:crypto';
import { JOIN_CODE_ALPHABET, WorkshopLimits } from '../../shared/workshops';

/** A random join code of WorkshopLimits.joinCodeLength characters from JOIN_CODE_ALPHABET. */
export function generateJoinCode(): string {
  let code = '';
  for (let index = 0; index < WorkshopLimits.joinCodeLength; index += 1) {
    code += JOIN_CODE_ALPHABET.charAt(randomInt(JOIN_CODE_ALPHABET.length));
  }
  return code;
}

/** How many codes to try before giving up (31^6 ≈ 887 million codes: a collision is rare, a run of them means something is wrong). */
export const JOIN_CODE_ATTEMPTS = 8;
