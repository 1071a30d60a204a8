/**
 * `GET /api/letters/:id/export?format=docx|pdf`: the letter on letterhead with its typed text and
 * filled case values, no template hints; for members only; audited.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CaseDetails } from '../../../shared/caseDetails';
import { medicalAdvocacyTemplate } from '../../../shared/templates';
import type { TestUser } from '../../helpers/accounts';
import { createUser } from '../../helpers/accounts';
import { letterAudit } from '../../helpers/audit';
import type { HttpTarget, Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { addMember, createLetter, createSharedLetter } from '../../helpers/letters';
import type { TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { bodyOf } from '../../helpers/ydoc';
import { editBody, headingIndex, paragraphOf } from './body';
import { docxParagraphs, docxXml, pdfPages, squash } from './files';

const resources = useTestResources();

const CASE: Partial<CaseDetails> = {
  fullName: 'Ana Beatriz Quispe',
  dateOfBirth: '1984-07-21',
  aNumber: '212345678',
  facility: 'Otay Mesa Detention Center',
  recipientName: 'John Smith',
  recipientTitle: 'Deportation Officer',
  recipientOffice: 'ICE ERO San Diego Field Office',
  requestType: 'release',
};
const LETTERHEAD = {
  organizationName: 'Border Health Advocacy Network',
  addressLines: ['1200 Harbor Drive, Suite 400', 'San Diego, CA 92101'],
  phone: '(619) 555-0142',
  email: 'letters@bhan.example',
  website: 'bhan.example',
};
const SUMMARY = 'I write to request the release of';
const FINDINGS = 'Type 1 diabetes with recurrent severe hypoglycemia';

function exportFile(server: HttpTarget, session: Session | null, letterId: string, format: string): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}/export?format=${format}`, { session });
}

async function download(server: HttpTarget, session: Session, letterId: string, format: 'docx' | 'pdf'): Promise<{ response: Response; file: Uint8Array }> {
  const response = await exportFile(server, session, letterId, format);
  const file = new Uint8Array(await response.arrayBuffer());
  expect(response.status, `export answered ${response.status}: ${new TextDecoder().decode(file.slice(0, 300))}`).toBe(200);
  return { response, file };
}

/** A physician (the installation's administrator) with a letterhead, a signature and a letter whose body and case are filled in. */
async function writtenLetter(server: TestServer): Promise<{ owner: TestUser; letterId: string; title: string }> {
  const owner = await createUser(server, { profession: 'physician', name: 'Maria Lopez' });
  expect(owner.user.isAdmin).toBe(true);
  await expectJson(requestJson(server, '/api/settings/letterhead', { method: 'PUT', session: owner, body: LETTERHEAD }), 200);
  const signature = { credentials: 'MD, MPH', licenseNumber: 'A123456', licenseState: 'California', contact: '(619) 555-0199' };
  await expectJson(requestJson(server, '/api/me/signature', { method: 'PUT', session: owner, body: signature }), 200);
  const title = 'Parole request: Quispe / ICE';
  const letter = await createLetter(server, owner, { title });
  await expectJson(requestJson(server, `/api/letters/${letter.id}/case`, { method: 'PATCH', session: owner, body: CASE }), 200);
  await editBody(resources, server, letter.id, owner, (doc) => {
    const body = bodyOf(doc);
    // The empty paragraph under each heading is replaced, the way a writer types into it.
    const summary = headingIndex(doc, 'Summary of request') + 1;
    body.delete(summary, 1);
    body.insert(summary, [
      paragraphOf([{ text: `${SUMMARY} ` }, { field: 'fullName' }, { text: ' from ' }, { field: 'facility', marks: undefined }, { text: ' on medical grounds.', marks: { bold: {} } }]),
    ]);
    const findings = headingIndex(doc, 'Findings and diagnoses') + 1;
    body.delete(findings, 1);
    body.insert(findings, [paragraphOf([{ text: FINDINGS, marks: { italic: {} } }])]);
  });
  return { owner, letterId: letter.id, title };
}

/** What both formats must print, and what neither may. */
function expectLetterText(text: string): void {
  const flat = squash(text);
  expect(flat).toContain(LETTERHEAD.organizationName);
  expect(flat).toContain('1200 Harbor Drive, Suite 400');
  expect(flat).toContain('John Smith');
  expect(flat).toContain('Deportation Officer');
  expect(flat).toMatch(/RE:/);
  expect(flat).toContain('Date of birth: July 21, 1984');
  expect(flat).toContain('A212345678');
  expect(flat).toContain('Release on medical grounds');
  expect(flat).toContain('Summary of request');
  expect(flat).toContain('Findings and diagnoses');
  expect(flat).toContain(`${SUMMARY} Ana Beatriz Quispe from Otay Mesa Detention Center on medical grounds.`);
  expect(flat).toContain(FINDINGS);
  expect(flat).toContain('Maria Lopez, MD, MPH');
  expect(flat).toContain('License No. A123456, California');
  // Unfinished sections do not print, nor does any hint, nor a placeholder's key.
  expect(flat).not.toContain('Limitations');
  expect(flat).not.toContain('Standard of care');
  for (const section of medicalAdvocacyTemplate.sections) expect(flat).not.toContain(section.hint.slice(0, 40));
  expect(flat).not.toMatch(/\{fullName\}|\[Full name\]/);
}

describe('GET /api/letters/:id/export', () => {
  it('exports a DOCX whose document.xml holds the letterhead, the headings, the typed text and the filled case values, and no hints', async () => {
    const server = await resources.startServer();
    const { owner, letterId } = await writtenLetter(server);
    const { response, file } = await download(server, owner, letterId, 'docx');
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="Parole request- Quispe - ICE\.docx"/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const paragraphs = docxParagraphs(file);
    expectLetterText(paragraphs.join('\n'));
    // Headings are Word headings, and the typed marks survive.
    const xml = docxXml(file);
    expect(xml).toMatch(/<w:pStyle w:val="Heading2"\/>[\s\S]*?Summary of request/);
    expect(xml).toMatch(/<w:b\/>[\s\S]{0,200}on medical grounds\./);
    expect(xml).toMatch(/<w:i\/>[\s\S]{0,200}Type 1 diabetes/);
  });

  it('exports a PDF whose text holds the same', async () => {
    const server = await resources.startServer();
    const { owner, letterId } = await writtenLetter(server);
    const { response, file } = await download(server, owner, letterId, 'pdf');
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="Parole request- Quispe - ICE\.pdf"/);
    expect(new TextDecoder().decode(file.slice(0, 5))).toBe('%PDF-');
    const pages = await pdfPages(file);
    expectLetterText(pages.join(' '));
    expect(pages[0]).toMatch(/^Border Health Advocacy Network/);
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
  });

  it('lets every member export, and records each export in the audit log with its format', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter, viewer } = await createSharedLetter(server);
    for (const [member, format] of [[owner, 'pdf'], [editor, 'docx'], [commenter, 'pdf'], [viewer, 'docx']] as const) {
      await download(server, member, letter.id, format);
    }
    const entries = await letterAudit(server, owner, letter.id, { action: 'letter.exported' });
    expect(entries.map((entry) => [entry.actorId, entry.detail])).toEqual([
      [viewer.user.id, { format: 'docx' }],
      [commenter.user.id, { format: 'pdf' }],
      [editor.user.id, { format: 'docx' }],
      [owner.user.id, { format: 'pdf' }],
    ]);
  });

  it('answers 401 without a session and 404 to a non-member or an unknown letter, exporting nothing', async () => {
    const server = await resources.startServer();
    const { letter, owner, outsider } = await createSharedLetter(server);
    expect((await expectApiError(await exportFile(server, null, letter.id, 'pdf'), 401)).code).toBe('unauthenticated');
    expect((await expectApiError(await exportFile(server, outsider, letter.id, 'pdf'), 404)).code).toBe('not_found');
    expect((await expectApiError(await exportFile(server, outsider, letter.id, 'nonsense'), 404)).code).toBe('not_found');
    await expectApiError(await exportFile(server, owner, '00000000-0000-4000-8000-000000000000', 'pdf'), 404);
    expect(await letterAudit(server, owner, letter.id, { action: 'letter.exported' })).toEqual([]);
  });

  it.each([['an unknown format', 'format=odt'], ['no format', ''], ['an empty format', 'format=']])('answers 400 to %s', async (_case, query) => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const response = await requestJson(server, `/api/letters/${letter.id}/export?${query}`, { session: owner });
    expect((await expectApiError(response, 400)).code).toBe('bad_request');
  });

  it('signs with a physician on the letter when someone else exports it', async () => {
    const server = await resources.startServer();
    const organizer = await createUser(server, { profession: 'organizer', name: 'Olga Organizer' });
    const physician = await createUser(server, { profession: 'physician', name: 'Paul Physician' });
    await expectJson(requestJson(server, '/api/me/signature', { method: 'PUT', session: physician, body: { credentials: 'MD', licenseNumber: 'G998877' } }), 200);
    const letter = await createLetter(server, organizer);
    const beforeJoining = squash(docxParagraphs((await download(server, organizer, letter.id, 'docx')).file).join('\n'));
    expect(beforeJoining).toContain('Olga Organizer');
    await addMember(server, organizer, letter.id, physician, 'editor');
    const text = squash(docxParagraphs((await download(server, organizer, letter.id, 'docx')).file).join('\n'));
    expect(text).toContain('Paul Physician, MD');
    expect(text).toContain('License No. G998877');
    expect(text).not.toContain('Olga Organizer');
  });

  it('still exports a letter whose body holds what the editor never makes (text straight in the body, a list value)', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server, { profession: 'physician' });
    const letter = await createLetter(server, owner);
    await editBody(resources, server, letter.id, owner, (doc) => {
      bodyOf(doc).insert(0, [new Y.XmlText('Stray words typed straight into the body')]);
      // A plain value in the body's list of nodes, as a crafted update can put there.
      (bodyOf(doc) as unknown as Y.Array<unknown>).insert(1, [{ not: 'a node' }]);
      bodyOf(doc).insert(headingIndex(doc, 'Summary of request') + 1, [paragraphOf([{ text: FINDINGS }])]);
    });
    for (const format of ['docx', 'pdf'] as const) {
      const { file } = await download(server, owner, letter.id, format);
      const text = format === 'docx' ? docxXml(file) : (await pdfPages(file)).join(' ');
      expect(squash(text)).toContain(FINDINGS);
    }
  });
});
