/** The audit log as a CSV download: an attachment with a header row, every field quoted as RFC 4180 requires. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/audit';
import { createUser } from '../../helpers/accounts';
import { adminAudit, letterAudit } from '../../helpers/audit';
import { parseCsv } from '../../helpers/csv';
import { requestJson } from '../../helpers/http';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { moveToStatus } from '../../helpers/workspace';

const resources = useTestResources();

/** Columns the CSV has at least (one per AuditEntry field). */
const HEADER = ['id', 'at', 'action', 'actorId', 'actorName', 'letterId', 'targetUserId', 'detail', 'ip'];

/** The CSV rows as objects keyed by the header. */
function rowsByHeader(rows: string[][]): Record<string, string>[] {
  const [header = [], ...data] = rows;
  return data.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
}

async function downloadCsv(response: Promise<Response>): Promise<string[][]> {
  const resolved = await response;
  expect(resolved.status).toBe(200);
  expect(resolved.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(resolved.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+\.csv"$/);
  const rows = parseCsv(await resolved.text());
  for (const row of rows) expect(row).toHaveLength(rows[0]?.length ?? 0);
  return rows;
}

describe('audit CSV', () => {
  it('has a header row and one row per entry, matching the JSON', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    expect((await requestJson(server, `/api/letters/${letter.id}`, { session: owner })).status).toBe(200);
    // A letter goes into review by asking someone to review it.
    await moveToStatus(server, owner, letter.id, 'in_review');

    const rows = await downloadCsv(requestJson(server, `/api/letters/${letter.id}/audit?format=csv`, { session: owner }));
    const entries = await letterAudit(server, owner, letter.id);
    // The header names every field of an entry (in the JSON's order), then one row per entry.
    expect(rows[0]).toEqual(Object.keys(entries[0] ?? {}));
    expect(rows[0]).toEqual(expect.arrayContaining(HEADER));
    expect(rowsByHeader(rows)).toEqual(
      entries.map((entry: AuditEntry) =>
        Object.fromEntries(
          Object.entries(entry).map(([key, value]) => [key, key === 'detail' ? JSON.stringify(value) : value === null ? '' : String(value)]),
        ),
      ),
    );
    // The status change's detail is JSON with quotes and commas, so it had to be quoted to survive.
    expect(rowsByHeader(rows).find((row) => row.action === 'letter.status_changed')?.detail).toBe(JSON.stringify({ from: 'draft', to: 'in_review' }));
  });

  it('quotes names with commas, quotes and line breaks so they read back exactly, and never starts a field with a formula', async () => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    const tricky = 'Dr. "Ana" Ruiz, MD\nsecond line';
    const formula = '=HYPERLINK("http://evil.example","click")';
    const person = await createUser(server, { name: tricky });
    const other = await createUser(server, { name: formula });
    await createLetter(server, person);
    await createLetter(server, other);

    const rows = rowsByHeader(await downloadCsv(requestJson(server, '/api/admin/audit?format=csv', { session: admin })));
    expect(rows).toHaveLength((await adminAudit(server, admin)).length);
    const names = rows.filter((row) => row.actorId === person.user.id).map((row) => row.actorName);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toBe(tricky);
    const formulaNames = rows.filter((row) => row.actorId === other.user.id).map((row) => row.actorName ?? '');
    expect(formulaNames.length).toBeGreaterThan(0);
    for (const name of formulaNames) {
      expect(name.startsWith('=')).toBe(false);
      expect(name).toContain('HYPERLINK');
    }
  });

  it('is for the same readers as the JSON: an administrator-only download refuses others', async () => {
    const server = await resources.startServer();
    await createUser(server);
    const person = await createUser(server);
    const response = await requestJson(server, '/api/admin/audit?format=csv', { session: person });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
  });
});
