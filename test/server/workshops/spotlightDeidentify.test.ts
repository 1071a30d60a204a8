/**
 * De-identification on its own (server/workshops/deidentify.ts): a body built the way the editor
 * stores it, with case placeholders and case values typed literally (in other casings, split by
 * formatting, written the ways people write dates and A-numbers), comes out with no case value in it.
 */
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CaseDetails } from '../../../shared/caseDetails';
import { CaseDetailsSchema, EMPTY_CASE, MASKED_TEXT } from '../../../shared/caseDetails';
import { BODY_FRAGMENT } from '../../../shared/protocol';
import type { PmNode } from '../../../server/export/body';
import { PmNodeSchema } from '../../../server/export/body';
import { deidentifyBody, maskCaseDetails, scrubCaseValues } from '../../../server/workshops/deidentify';
import type { InlinePiece } from '../export/body';
import { paragraphOf } from '../export/body';

/** A case as PATCH /case would store it (the schema strips the A-number's "A"). */
const DETAILS: CaseDetails = CaseDetailsSchema.parse({
  ...EMPTY_CASE,
  fullName: 'Maria Elena Gonzalez',
  dateOfBirth: '1980-05-31',
  aNumber: 'A123456789',
  facility: 'Otay Mesa Detention Center',
  recipientName: 'Jordan Whitfield',
  recipientTitle: 'Field Office Director',
  recipientOffice: 'San Diego Field Office',
  deadline: '2031-02-14',
  legalRoute: 'parole',
});

/** Every value that must not survive, as stored and as printed. */
const VALUES = ['Maria Elena Gonzalez', 'Gonzalez', '1980-05-31', '123456789', 'A123456789', 'Otay Mesa', 'Jordan Whitfield', 'Whitfield', 'Field Office Director', 'San Diego Field Office', '2031-02-14'];

/** A ProseMirror body of paragraphs, through the same y-tiptap conversion the server uses. */
function bodyOf(paragraphs: readonly (readonly InlinePiece[])[]): PmNode {
  const doc = new Y.Doc();
  doc.getXmlFragment(BODY_FRAGMENT).insert(0, paragraphs.map((pieces) => paragraphOf(pieces)));
  const json = PmNodeSchema.parse(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(BODY_FRAGMENT)));
  doc.destroy();
  return json;
}

/** The text of every paragraph of a body, placeholders included as they now read. */
function paragraphTexts(body: PmNode): string[] {
  return (body.content ?? []).map((block) => (block.content ?? []).map((node) => (typeof node.text === 'string' ? node.text : `<${node.type}>`)).join(''));
}

function expectNoValue(json: string): void {
  const lower = json.toLowerCase();
  for (const value of VALUES) expect(lower, `contains "${value}"`).not.toContain(value.toLowerCase());
}

describe('deidentifyBody', () => {
  it('turns every case placeholder into masked text, keeping its marks', () => {
    const body = bodyOf([[{ text: 'Re: ' }, { field: 'fullName' }, { text: ', born ' }, { field: 'dateOfBirth' }, { text: ' (' }, { field: 'aNumber' }, { text: ')' }]]);
    const out = deidentifyBody(body, DETAILS);
    expect(paragraphTexts(out)).toEqual([`Re: ${MASKED_TEXT}, born ${MASKED_TEXT} (${MASKED_TEXT})`]);
    expect(JSON.stringify(out)).not.toContain('caseField');
    // Even with an empty case: the placeholder's field name is not shown either.
    expect(paragraphTexts(deidentifyBody(body, EMPTY_CASE))).toEqual([`Re: ${MASKED_TEXT}, born ${MASKED_TEXT} (${MASKED_TEXT})`]);
  });

  it('scrubs case values typed literally, in any casing, and the name\'s parts on their own', () => {
    const body = bodyOf([
      [{ text: 'I examined MARIA ELENA GONZALEZ at the otay mesa detention center.' }],
      [{ text: 'Ms. Gonzalez told me; maria was frightened.' }],
      [{ text: 'Dear Jordan Whitfield, Field Office Director, San Diego Field Office:' }],
      [{ text: 'Please answer by 2031-02-14.' }],
    ]);
    const out = deidentifyBody(body, DETAILS);
    expectNoValue(JSON.stringify(out));
    expect(paragraphTexts(out)).toEqual([
      `I examined ${MASKED_TEXT} at the ${MASKED_TEXT}.`,
      `Ms. ${MASKED_TEXT} told me; ${MASKED_TEXT} was frightened.`,
      `Dear ${MASKED_TEXT}, ${MASKED_TEXT}, ${MASKED_TEXT}:`,
      `Please answer by ${MASKED_TEXT}.`,
    ]);
  });

  it('finds the A-number with and without "A", spaced, dashed or zero-padded', () => {
    const written = ['A123456789', 'a123456789', '123456789', 'A 123-456-789', 'A-123 456 789', '123.456.789'];
    const out = deidentifyBody(bodyOf(written.map((text) => [{ text: `A-number ${text} here` }])), DETAILS);
    expect(paragraphTexts(out)).toEqual(written.map(() => `A-number ${MASKED_TEXT} here`));
    const eightDigits = CaseDetailsSchema.parse({ ...EMPTY_CASE, aNumber: '12345678' });
    expect(scrubCaseValues('A012345678 and A12345678 and 012-345-678', eightDigits)).toBe(`${MASKED_TEXT} and ${MASKED_TEXT} and ${MASKED_TEXT}`);
    // Longer numbers that merely contain other digits are left alone.
    expect(scrubCaseValues('case 9876', DETAILS)).toBe('case 9876');
  });

  it('finds the date of birth as stored and as people write it', () => {
    const written = ['1980-05-31', '05/31/1980', '5/31/1980', '5/31/80', '31.05.1980', 'May 31, 1980', 'May 31st 1980', '31 May 1980', 'MAY 31, 1980', 'may 31 1980'];
    const out = deidentifyBody(bodyOf(written.map((text) => [{ text: `born ${text}.` }])), DETAILS);
    expect(paragraphTexts(out)).toEqual(written.map(() => `born ${MASKED_TEXT}.`));
  });

  it('finds a value that formatting split across text nodes, and keeps the formatting', () => {
    const bold = { bold: {} };
    const body = bodyOf([[{ text: 'Patient: Maria El', marks: bold }, { text: 'ena Gonz' }, { text: 'alez, seen today.', marks: { italic: {} } }]]);
    const out = deidentifyBody(body, DETAILS);
    expectNoValue(JSON.stringify(out));
    const inline = out.content?.[0]?.content ?? [];
    expect(inline.map((node) => node.text)).toEqual([`Patient: ${MASKED_TEXT}`, MASKED_TEXT, `${MASKED_TEXT}, seen today.`]);
    expect(inline.map((node) => node.marks?.map((mark) => mark.type))).toEqual([['bold'], undefined, ['italic']]);
  });

  it('leaves text without case values, headings and structure as they were', () => {
    const doc = new Y.Doc();
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', '2');
    heading.insert(0, [new Y.XmlText('Summary')]);
    doc.getXmlFragment(BODY_FRAGMENT).insert(0, [heading, paragraphOf([{ text: 'Hypertension was not treated for 14 days.' }])]);
    const body = PmNodeSchema.parse(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(BODY_FRAGMENT)));
    doc.destroy();
    expect(deidentifyBody(body, DETAILS)).toEqual(body);
    expect(deidentifyBody(body, EMPTY_CASE)).toEqual(body);
  });

  it('does not mutate its input', () => {
    const body = bodyOf([[{ text: 'Maria Elena Gonzalez' }, { field: 'facility' }]]);
    const before = JSON.stringify(body);
    deidentifyBody(body, DETAILS);
    expect(JSON.stringify(body)).toBe(before);
  });
});

describe('scrubCaseValues', () => {
  it('scrubs titles, which often name the person', () => {
    expect(scrubCaseValues('Release request for Maria Gonzalez (A123456789)', DETAILS)).toBe(`Release request for ${MASKED_TEXT} ${MASKED_TEXT} (${MASKED_TEXT})`);
  });

  it('matches composed and decomposed accents alike', () => {
    const details = CaseDetailsSchema.parse({ ...EMPTY_CASE, fullName: 'José Núñez' });
    expect(scrubCaseValues('Mr. Nu\u0301n\u0303ez and JOSÉ', details)).toBe(`Mr. ${MASKED_TEXT} and ${MASKED_TEXT}`);
  });
});

describe('maskCaseDetails', () => {
  it('masks every filled-in value and leaves nothing of the case', () => {
    const masked = maskCaseDetails(DETAILS);
    expectNoValue(JSON.stringify(masked));
    expect(masked).toEqual({
      ...EMPTY_CASE,
      fullName: MASKED_TEXT,
      dateOfBirth: MASKED_TEXT,
      aNumber: MASKED_TEXT,
      facility: MASKED_TEXT,
      recipientName: MASKED_TEXT,
      recipientTitle: MASKED_TEXT,
      recipientOffice: MASKED_TEXT,
      deadline: MASKED_TEXT,
    });
  });
});
