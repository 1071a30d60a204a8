/** Reading who is present from awareness states that other clients control. */
import { describe, expect, it } from 'vitest';
import { presentUsers } from '../../../client/src/sync/presence';

describe('presentUsers', () => {
  it('lists people with a name, yourself first, then by name', () => {
    const states = new Map<number, unknown>([
      [3, { user: { name: 'Zoe Park', color: '#112233' } }],
      [1, { user: { name: 'Dr. Amara Okafor', color: '#2e7d5b' } }],
      [2, { user: { name: 'Ben Cole', color: '#aabbcc' } }],
    ]);
    expect(presentUsers(states, 3).map((u) => [u.name, u.isSelf])).toEqual([
      ['Zoe Park', true],
      ['Ben Cole', false],
      ['Dr. Amara Okafor', false],
    ]);
  });

  it('skips states without a usable user and never trusts a colour that is not a hex colour', () => {
    const states = new Map<number, unknown>([
      [1, null],
      [2, { cursor: {} }],
      [3, { user: { name: '   ', color: '#112233' } }],
      [4, { user: { name: 'Mallory', color: 'red; background: url(https://example.org/x)' } }],
    ]);
    expect(presentUsers(states, 99)).toEqual([{ clientId: 4, name: 'Mallory', color: '#6b7280', isSelf: false }]);
  });
});
