/**
 * `GET /api/letters` as the dashboard uses it: filter by status, search titles and facilities
 * (case-insensitively, wildcards taken literally), sort by deadline; every summary carries its
 * deadline; bad query values are 400; nobody ever sees a letter they are not on.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LetterStatus, LetterSummary } from '../../../shared/letters';
import { LETTER_STATUSES } from '../../../shared/letters';
import { createUser } from '../../helpers/accounts';
import { expectApiError, requestJson } from '../../helpers/http';
import { addMember, createLetter, uniqueTitle } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { listLetters, moveToStatus, patchCase } from '../../helpers/workspace';

const resources = useTestResources();

function idsOf(letters: readonly LetterSummary[]): string[] {
  return letters.map((letter) => letter.id);
}

function sortedIds(letters: readonly { id: string }[]): string[] {
  return letters.map((letter) => letter.id).sort();
}

/** Every summary carries a deadline: YYYY-MM-DD or ''. */
function expectDeadlines(letters: readonly LetterSummary[]): void {
  for (const letter of letters) expect(letter.deadline, letter.title).toMatch(/^(\d{4}-\d{2}-\d{2})?$/);
}

describe('filtering by status', () => {
  it('?status= lists only my letters with that status', async () => {
    const server = await resources.startServer();
    const me = await createUser(server);
    const someoneElse = await createUser(server);
    const byStatus = new Map<LetterStatus, string[]>(LETTER_STATUSES.map((status) => [status, []]));
    for (const status of ['draft', 'draft', 'in_review', 'approved', 'sent'] as const) {
      const letter = await createLetter(server, me);
      await moveToStatus(server, me, letter.id, status);
      byStatus.get(status)?.push(letter.id);
    }
    // A letter I am only a viewer on counts; someone else's letters never do.
    const sharedWithMe = await createLetter(server, someoneElse);
    await addMember(server, someoneElse, sharedWithMe.id, me, 'viewer');
    await moveToStatus(server, someoneElse, sharedWithMe.id, 'in_review');
    byStatus.get('in_review')?.push(sharedWithMe.id);
    for (const status of LETTER_STATUSES) {
      const theirs = await createLetter(server, someoneElse);
      await moveToStatus(server, someoneElse, theirs.id, status);
    }

    for (const status of LETTER_STATUSES) {
      const letters = await listLetters(server, me, { status });
      expect(idsOf(letters).sort(), status).toEqual([...(byStatus.get(status) ?? [])].sort());
      expect(letters.every((letter) => letter.status === status)).toBe(true);
      expectDeadlines(letters);
    }
    expect(await listLetters(server, me, { status: 'changes_requested' })).toEqual([]);
    expect(await listLetters(server, me)).toHaveLength(6);
  });
});

describe('searching', () => {
  it('?q= matches titles and facilities case-insensitively, without returning the facility', async () => {
    const server = await resources.startServer();
    const me = await createUser(server);
    const someoneElse = await createUser(server);
    const place = `Mesa${randomUUID().slice(0, 6)}`;
    const byTitle = await createLetter(server, me, { title: `Letter for the ${place.toUpperCase()} clinic` });
    const byFacility = await createLetter(server, me, { title: uniqueTitle('Parole') });
    const facility = `${place} Detention Center`;
    await patchCase(server, me, byFacility.id, { facility });
    const unrelated = await createLetter(server, me, { title: uniqueTitle('Unrelated') });
    await patchCase(server, me, unrelated.id, { facility: 'Krome Service Processing Center' });
    const theirs = await createLetter(server, someoneElse, { title: `Also ${place}` });
    await patchCase(server, someoneElse, theirs.id, { facility });

    for (const q of [place, place.toLowerCase(), place.toUpperCase(), `  ${place.toLowerCase()}  `]) {
      expect(sortedIds(await listLetters(server, me, { q })), q).toEqual(sortedIds([byTitle, byFacility]));
    }
    expect(idsOf(await listLetters(server, me, { q: `${place} detention` }))).toEqual([byFacility.id]);
    expect(idsOf(await listLetters(server, me, { q: 'KROME' }))).toEqual([unrelated.id]);
    expect(await listLetters(server, me, { q: `nothing-${randomUUID()}` })).toEqual([]);
    // An empty search is no search.
    expect(await listLetters(server, me, { q: '' })).toHaveLength(3);

    const response = await requestJson(server, `/api/letters?q=${encodeURIComponent(place)}`, { session: me });
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain('Detention Center');
    // Combined with a status filter.
    await moveToStatus(server, me, byFacility.id, 'in_review');
    expect(idsOf(await listLetters(server, me, { q: place, status: 'in_review' }))).toEqual([byFacility.id]);
    expect(idsOf(await listLetters(server, me, { q: place, status: 'draft' }))).toEqual([byTitle.id]);
  });

  it('% and _ (and \\) in q are literal characters, not wildcards', async () => {
    const server = await resources.startServer();
    const me = await createUser(server);
    // Hex suffixes keep titles unique without adding a percent sign, underscore or backslash of their own.
    const suffix = (): string => randomUUID().slice(0, 8);
    const percent = await createLetter(server, me, { title: `Rate 100% certain ${suffix()}` });
    await createLetter(server, me, { title: `Rate 1000 certain ${suffix()}` });
    const underscore = await createLetter(server, me, { title: `file_name review ${suffix()}` });
    await createLetter(server, me, { title: `fileXname review ${suffix()}` });
    const backslash = await createLetter(server, me, { title: `path C:\\records ${suffix()}` });
    const facilityPercent = await createLetter(server, me, { title: uniqueTitle() });
    await patchCase(server, me, facilityPercent.id, { facility: `Unit 50% East ${suffix()}` });

    expect(idsOf(await listLetters(server, me, { q: '100%' }))).toEqual([percent.id]);
    expect(sortedIds(await listLetters(server, me, { q: '%' }))).toEqual(sortedIds([percent, facilityPercent]));
    expect(idsOf(await listLetters(server, me, { q: 'e_n' }))).toEqual([underscore.id]);
    expect(idsOf(await listLetters(server, me, { q: '_' }))).toEqual([underscore.id]);
    expect(idsOf(await listLetters(server, me, { q: '\\' }))).toEqual([backslash.id]);
    expect(idsOf(await listLetters(server, me, { q: '0% e' }))).toEqual([facilityPercent.id]);
  });

  it('?q= is case-insensitive for letters beyond ASCII too', async () => {
    const server = await resources.startServer();
    const me = await createUser(server);
    const accented = await createLetter(server, me, { title: `ÉLAN ${randomUUID().slice(0, 6)}` });
    const facility = await createLetter(server, me, { title: uniqueTitle() });
    await patchCase(server, me, facility.id, { facility: 'Centro de Detención SÜD' });
    for (const q of ['ÉLAN', 'élan']) expect(idsOf(await listLetters(server, me, { q })), q).toEqual([accented.id]);
    for (const q of ['SÜD', 'süd', 'DETENCIÓN']) expect(idsOf(await listLetters(server, me, { q })), q).toEqual([facility.id]);
  });
});

describe('sorting by deadline', () => {
  it('?sort=deadline puts the soonest deadline first and letters without one last; every summary has its deadline', async () => {
    const server = await resources.startServer();
    const me = await createUser(server);
    const deadlines = ['2031-03-01', '', '2030-12-31', '2030-01-15', '', '2030-06-30'];
    const letters: { id: string; deadline: string }[] = [];
    for (const deadline of deadlines) {
      const letter = await createLetter(server, me);
      // Set and, for the empty ones, cleared again: a cleared deadline counts as none.
      await patchCase(server, me, letter.id, { deadline: deadline || '2029-01-01' });
      if (deadline === '') await patchCase(server, me, letter.id, { deadline: '' });
      letters.push({ id: letter.id, deadline });
    }
    const untouched = await createLetter(server, me);
    letters.push({ id: untouched.id, deadline: '' });

    const sorted = await listLetters(server, me, { sort: 'deadline' });
    expectDeadlines(sorted);
    expect(sorted.map((letter) => letter.deadline)).toEqual(['2030-01-15', '2030-06-30', '2030-12-31', '2031-03-01', '', '', '']);
    for (const letter of letters) expect(sorted.find((summary) => summary.id === letter.id)?.deadline).toBe(letter.deadline);
    const withDeadline = letters.filter((letter) => letter.deadline !== '').sort((a, b) => a.deadline.localeCompare(b.deadline));
    expect(idsOf(sorted).slice(0, 4)).toEqual(withDeadline.map((letter) => letter.id));
    expect(idsOf(sorted).slice(4).sort()).toEqual(letters.filter((letter) => letter.deadline === '').map((letter) => letter.id).sort());

    // A new deadline re-sorts; the default order is still by last change.
    const latest = withDeadline[3]?.id ?? '';
    await patchCase(server, me, latest, { deadline: '2029-12-01' });
    expect(idsOf(await listLetters(server, me, { sort: 'deadline' }))[0]).toBe(latest);
    const byUpdate = await listLetters(server, me, { sort: 'updated' });
    expect(sortedIds(byUpdate)).toEqual(sortedIds(letters));
    expectDeadlines(byUpdate);
  });
});

describe('bad queries and other people\'s letters', () => {
  it('bad query values are 400', async () => {
    const server = await resources.startServer();
    const me = await createUser(server);
    await createLetter(server, me);
    for (const query of ['status=bogus', 'status=SENT', 'status=', 'sort=oldest', 'sort=', 'sort=DEADLINE', `q=${'x'.repeat(201)}`]) {
      const error = await expectApiError(await requestJson(server, `/api/letters?${query}`, { session: me }), 400);
      expect(error.code, query).toBe('bad_request');
    }
    await expectApiError(await requestJson(server, '/api/letters?status=draft'), 401);
  });

  it('no filter, search or sort ever shows a letter I am not on', async () => {
    const server = await resources.startServer();
    const me = await createUser(server);
    const someoneElse = await createUser(server);
    const word = `Shared${randomUUID().slice(0, 6)}`;
    const mine = await createLetter(server, me, { title: `${word} mine` });
    await patchCase(server, me, mine.id, { facility: `${word} Facility`, deadline: '2030-05-05' });
    const removedFrom = await createLetter(server, someoneElse, { title: `${word} was shared` });
    await addMember(server, someoneElse, removedFrom.id, me, 'editor');
    expect((await requestJson(server, `/api/letters/${removedFrom.id}/members/${me.user.id}`, { method: 'DELETE', session: someoneElse })).status).toBe(204);
    for (const status of ['draft', 'sent'] as const) {
      const theirs = await createLetter(server, someoneElse, { title: `${word} theirs ${status}` });
      await patchCase(server, someoneElse, theirs.id, { facility: `${word} Facility`, deadline: '2030-01-01' });
      await moveToStatus(server, someoneElse, theirs.id, status);
    }

    const queries: Record<string, string>[] = [{}, { q: word }, { q: `${word} facility` }, { status: 'draft' }, { status: 'sent' }, { sort: 'deadline' }, { sort: 'deadline', q: word, status: 'draft' }];
    for (const query of queries) {
      const letters = await listLetters(server, me, query);
      expect(letters.every((letter) => letter.id === mine.id), JSON.stringify(query)).toBe(true);
    }
    expect(idsOf(await listLetters(server, me, { q: word, sort: 'deadline' }))).toEqual([mine.id]);
  });
});
