import { describe, expect, it } from 'vitest';
import type { Member } from '../../../shared/members';
import type { Review } from '../../../shared/reviews';
import { VersionLimits } from '../../../shared/versions';
import { finishBlockedReason, groupReviews, reviewHeadline, reviewerOptions } from '../../../client/src/review/reviewRules';
import { viewerTitle } from '../../../client/src/versions/versionView';
import { VersionQuota } from '../../../shared/limits';
import { changeSummary, restoreBlockedReason, saveBlockedReason, validateVersionName } from '../../../client/src/versions/versionRules';

let next = 0;
function review(overrides: Partial<Review> = {}): Review {
  next += 1;
  return {
    id: `r${next}`,
    requestedBy: { userId: 'owner', name: 'Amara Osei' },
    reviewer: { userId: 'lawyer', name: 'Dana Lee' },
    message: '',
    state: 'pending',
    summary: '',
    createdAt: '2025-03-01T10:00:00.000Z',
    finishedAt: null,
    ...overrides,
  };
}

function member(userId: string, name: string): Member {
  return { userId, name, email: `${userId}@example.org`, profession: 'lawyer', role: 'commenter', addedAt: '2025-01-01T00:00:00.000Z' };
}

describe('version rules', () => {
  it('lets owners and editors save, also on a sent letter', () => {
    expect(saveBlockedReason({ role: 'owner' })).toBeNull();
    expect(saveBlockedReason({ role: 'editor' })).toBeNull();
    expect(saveBlockedReason({ role: 'commenter' })).toMatch(/owners and editors/);
  });

  it('says before saving when the letter keeps the most versions it may (status versions not counted)', () => {
    const saved = Array.from({ length: VersionQuota.maxPerLetter - 1 }, () => ({ kind: 'manual' as const }));
    expect(saveBlockedReason({ role: 'owner' }, [...saved, { kind: 'status' }])).toBeNull();
    expect(saveBlockedReason({ role: 'owner' }, [...saved, { kind: 'restore' }])).toMatch(new RegExp(`${VersionQuota.maxPerLetter} saved and restored versions`));
  });

  it('lets owners and editors restore, but not while the letter is sent', () => {
    expect(restoreBlockedReason({ role: 'editor', frozen: false })).toBeNull();
    expect(restoreBlockedReason({ role: 'viewer', frozen: false })).toMatch(/owners and editors/);
    expect(restoreBlockedReason({ role: 'owner', frozen: true })).toMatch(/reopen/);
  });

  it('checks version names as the server does', () => {
    expect(validateVersionName('  ')).toMatch(/name/);
    expect(validateVersionName('x'.repeat(VersionLimits.maxNameLength + 1))).toMatch(/at most/);
    expect(validateVersionName(' Before the lawyer’s edits ')).toBeNull();
  });

  it('titles the viewer by what it shows', () => {
    const versions = [{ id: 'a', name: 'v1', kind: 'manual' as const, createdBy: null, createdAt: '2025-03-01T10:00:00.000Z' }];
    expect(viewerTitle({ mode: 'open', versionId: 'a' }, versions)).toBe('Viewing version “v1” — read-only');
    expect(viewerTitle({ mode: 'compare', from: 'a', to: 'current' }, versions)).toBe('Comparing “v1” with the current letter');
  });

  it('summarises a comparison', () => {
    expect(changeSummary({ inserted: 2, deleted: 1, formatting: 0 })).toBe('2 insertions, 1 deletion');
    expect(changeSummary({ inserted: 0, deleted: 0, formatting: 1 })).toBe('1 formatting change');
  });
});

describe('review rules', () => {
  it('puts requests for me in banners, others pending, then the finished ones', () => {
    const mine = review({ reviewer: { userId: 'me', name: 'Me' } });
    const theirs = review();
    const done = review({ state: 'approved', summary: 'Fine.', finishedAt: '2025-03-02T10:00:00.000Z' });
    const cancelled = review({ state: 'cancelled' });
    const groups = groupReviews([mine, theirs, done, cancelled], 'me');
    expect(groups.forMe).toEqual([mine]);
    expect(groups.waiting).toEqual([theirs]);
    expect(groups.past).toEqual([done, cancelled]);
  });

  it('allows finishing only while the letter is in review', () => {
    expect(finishBlockedReason({ status: 'in_review' })).toBeNull();
    expect(finishBlockedReason({ status: 'approved' })).toMatch(/“Approved”/);
  });

  it('offers every member but me, marking those already asked', () => {
    const options = reviewerOptions([member('me', 'Me'), member('lawyer', 'Dana Lee'), member('doc', 'Dr. Ray')], 'me', [review()]);
    expect(options.map((option) => [option.member.name, option.pending])).toEqual([
      ['Dana Lee', true],
      ['Dr. Ray', false],
    ]);
  });

  it('words each outcome', () => {
    expect(reviewHeadline(review({ state: 'approved' }))).toBe('Approved by Dana Lee');
    expect(reviewHeadline(review({ state: 'changes_requested' }))).toBe('Changes requested by Dana Lee');
    expect(reviewHeadline(review({ state: 'cancelled' }))).toBe('Request to Dana Lee cancelled');
  });
});
