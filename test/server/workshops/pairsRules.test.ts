/** The pair rules on their own (server/workshops/pairs.ts): who may be paired, and which grants a pairing calls for. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ApiException } from '../../../server/http/errors';
import { checkPairs, partnerGrants } from '../../../server/workshops/pairs';
import type { ParticipantLetter } from '../../../server/workshops/sessionStore';

function participant(letter: boolean): ParticipantLetter {
  return { userId: randomUUID(), name: 'Someone', letterId: letter ? randomUUID() : null };
}

/** The 400 a call throws, or fails the test. */
function rejection(run: () => unknown): ApiException {
  try {
    run();
  } catch (error) {
    return error as ApiException; // checkPairs throws only ApiExceptions; the assertions below check it
  }
  throw new Error('expected a rejection');
}

describe('checkPairs', () => {
  const [p1, p2, p3, p4] = [participant(true), participant(true), participant(true), participant(true)] as [ParticipantLetter, ParticipantLetter, ParticipantLetter, ParticipantLetter];
  const everyone = [p1, p2, p3, p4];

  it('accepts disjoint pairs of participants with letters, and no pairs at all', () => {
    expect(checkPairs([{ a: p1.userId, b: p2.userId }, { a: p3.userId, b: p4.userId }], everyone)).toEqual([
      { a: { userId: p1.userId, letterId: p1.letterId }, b: { userId: p2.userId, letterId: p2.letterId } },
      { a: { userId: p3.userId, letterId: p3.letterId }, b: { userId: p4.userId, letterId: p4.letterId } },
    ]);
    expect(checkPairs([], everyone)).toEqual([]);
  });

  it.each([
    ['someone with themselves', () => [{ a: p1.userId, b: p1.userId }]],
    ['someone twice', () => [{ a: p1.userId, b: p2.userId }, { a: p3.userId, b: p1.userId }]],
    ['a non-participant', () => [{ a: p1.userId, b: randomUUID() }]],
  ])('refuses pairing %s with 400', (_name, pairs) => {
    const error = rejection(() => checkPairs(pairs(), everyone));
    expect(error.status).toBe(400);
    expect(error.code).toBe('bad_request');
  });

  it('refuses a participant without a letter', () => {
    const without = participant(false);
    expect(rejection(() => checkPairs([{ a: p1.userId, b: without.userId }], [...everyone, without])).status).toBe(400);
  });
});

describe('partnerGrants', () => {
  it('gives each partner a commenter grant on the other\'s letter, and nothing on their own', () => {
    const a = { userId: randomUUID(), letterId: randomUUID() };
    const b = { userId: randomUUID(), letterId: randomUUID() };
    expect(partnerGrants([{ a, b }])).toEqual([
      { letterId: a.letterId, userId: b.userId, role: 'commenter' },
      { letterId: b.letterId, userId: a.userId, role: 'commenter' },
    ]);
  });
});
