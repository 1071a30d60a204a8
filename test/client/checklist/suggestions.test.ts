import { describe, expect, it } from 'vitest';
import { EMPTY_CASE } from '../../../shared/caseDetails';
import { DEFAULT_CHECKLIST } from '../../../shared/checklist';
import { medicalAdvocacyTemplate, requestForCareTemplate, templateToProsemirrorJson } from '../../../shared/templates';
import {
  IDENTIFIER_FIELDS,
  analyzeLetter,
  countWords,
  estimatePages,
  hasDate,
  hasLicenseNumber,
  itemHints,
  splitSections,
  type DocJson,
} from '../../../client/src/checklist/suggestions';

const heading = (text: string): DocJson => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text }] });
const paragraph = (...content: DocJson[]): DocJson => ({ type: 'paragraph', content });
const text = (value: string): DocJson => ({ type: 'text', text: value });
const field = (name: string): DocJson => ({ type: 'caseField', attrs: { field: name } });

/** The seeded template body with `fill` paragraphs put under the named headings. */
function letterWith(fill: Record<string, DocJson[]>): DocJson {
  const seeded = templateToProsemirrorJson(medicalAdvocacyTemplate);
  return {
    type: 'doc',
    content: seeded.content.flatMap((node) => {
      const title = node.type === 'heading' ? node.content?.[0]?.text : undefined;
      if (node.type !== 'heading') return [];
      return [node, ...(title && fill[title] ? fill[title] : [{ type: 'paragraph' }])];
    }),
  };
}

const item = (sectionKey: string) => {
  const found = DEFAULT_CHECKLIST.find((candidate) => candidate.sectionKey === sectionKey);
  if (!found) throw new Error(`no default item for ${sectionKey}`);
  return { sectionKey, suggestion: found.suggestion ?? null };
};

const kinds = (hints: { kind: string }[]) => hints.map((hint) => hint.kind);

describe('splitSections', () => {
  it('finds every heading of the seeded template, all empty', () => {
    const sections = splitSections(templateToProsemirrorJson(medicalAdvocacyTemplate), medicalAdvocacyTemplate);
    expect(sections.size).toBe(14);
    for (const section of sections.values()) expect(section).toMatchObject({ found: true, empty: true, words: 0 });
  });

  it('keeps sub-headings and lists inside a section, and matches headings regardless of case and spacing', () => {
    const doc: DocJson = {
      type: 'doc',
      content: [
        heading('  summary   OF request '),
        paragraph(text('Release is requested.')),
        heading('Details'),
        { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('One point'))] }] },
        heading('Limitations'),
      ],
    };
    const sections = splitSections(doc, medicalAdvocacyTemplate);
    expect(sections.get('summary')).toMatchObject({ found: true, empty: false, words: 6 });
    expect(sections.get('limitations')).toMatchObject({ found: true, empty: true });
    expect(sections.get('risks')).toMatchObject({ found: false, empty: false });
  });

  it('counts a section holding only a case field as filled', () => {
    const sections = splitSections(letterWith({ Header: [paragraph(field('fullName'))] }), medicalAdvocacyTemplate);
    expect(sections.get('header')?.empty).toBe(false);
  });
});

describe('patterns', () => {
  it.each(['License number 12345 (New York)', 'NY medical licence #0298765', 'Lic. MD-45821', 'license: A123456'])(
    'finds a license number in %j',
    (value) => expect(hasLicenseNumber(value)).toBe(true),
  );
  it.each(['Licensed in New York since 2011.', 'Board certified in internal medicine for 12 years', 'phone 555-1234'])(
    'finds none in %j',
    (value) => expect(hasLicenseNumber(value)).toBe(false),
  );
  it.each(['seen on 2024-03-05', 'on 3/5/2024', 'labs 05.03.24', 'March 5, 2024', '5 March 2024', 'since Feb 2023', 'on Sept. 12th, 2023'])(
    'finds a date in %j',
    (value) => expect(hasDate(value)).toBe(true),
  );
  it.each(['He reported chest pain for weeks.', 'Took 20 mg daily', 'May we ask'])('finds no date in %j', (value) =>
    expect(hasDate(value)).toBe(false),
  );

  it('counts words and estimates pages at 500 words a page', () => {
    expect(countWords('  one two\nthree {fullName} – ')).toBe(4);
    expect(estimatePages(0)).toBe(1);
    expect(estimatePages(500)).toBe(1);
    expect(estimatePages(501)).toBe(2);
  });
});

describe('itemHints', () => {
  it('marks an empty section, and a heading that was removed', () => {
    const doc = letterWith({});
    const analysis = analyzeLetter(doc, medicalAdvocacyTemplate, null);
    expect(kinds(itemHints(item('limitations'), analysis))).toEqual(['emptySection']);

    const withoutRisks: DocJson = { ...doc, content: (doc.content ?? []).filter((node) => nodeHeading(node) !== 'Risks of continued detention') };
    expect(kinds(itemHints(item('risks'), analyzeLetter(withoutRisks, medicalAdvocacyTemplate, null)))).toEqual(['missingSection']);
  });

  it('gives general items (format, review, privacy) no section hint', () => {
    const analysis = analyzeLetter(letterWith({}), medicalAdvocacyTemplate, null);
    expect(itemHints(item('review'), analysis)).toEqual([]);
    expect(itemHints(item('privacy'), analysis)).toEqual([]);
  });

  it('asks for a license number in a filled Qualifications section only', () => {
    const without = analyzeLetter(letterWith({ 'Qualifications and independence': [paragraph(text('Internist, 12 years.'))] }), medicalAdvocacyTemplate, null);
    expect(kinds(itemHints(item('qualifications'), without))).toEqual(['licenseNumber']);
    const withNumber = analyzeLetter(
      letterWith({ 'Qualifications and independence': [paragraph(text('Internist, NY license 204518.'))] }),
      medicalAdvocacyTemplate,
      null,
    );
    expect(itemHints(item('qualifications'), withNumber)).toEqual([]);
  });

  it('asks for dates in a filled "Care in detention" section only', () => {
    const undated = analyzeLetter(letterWith({ 'Care in detention': [paragraph(text('Insulin was withheld.'))] }), medicalAdvocacyTemplate, null);
    expect(kinds(itemHints(item('care'), undated))).toEqual(['datesInCare']);
    const dated = analyzeLetter(letterWith({ 'Care in detention': [paragraph(text('Insulin withheld on 2024-02-11 (MAR).'))] }), medicalAdvocacyTemplate, null);
    expect(itemHints(item('care'), dated)).toEqual([]);
  });

  it('warns past four pages', () => {
    const long = 'word '.repeat(2001);
    const analysis = analyzeLetter(letterWith({ 'Relevant history': [paragraph(text(long))] }), medicalAdvocacyTemplate, null);
    expect(analysis.pages).toBe(5);
    expect(itemHints(item('format'), analysis)).toEqual([{ kind: 'length', message: expect.stringContaining('About 5 pages') }]);
    const short = analyzeLetter(letterWith({ 'Relevant history': [paragraph(text('word '.repeat(1900)))] }), medicalAdvocacyTemplate, null);
    expect(itemHints(item('format'), short)).toEqual([]);
  });

  it('lists unfilled identifier fields and fields the body shows, once the case is known', () => {
    const doc = letterWith({ Header: [paragraph(text('Deadline: '), field('deadline'))] });
    expect(analyzeLetter(doc, medicalAdvocacyTemplate, null).unfilledFields).toBeNull();

    const partly = { ...EMPTY_CASE, fullName: 'M. K.', aNumber: '123456789' };
    const analysis = analyzeLetter(doc, medicalAdvocacyTemplate, partly);
    expect(analysis.unfilledFields).toEqual(['dateOfBirth', 'facility', 'recipientName', 'recipientTitle', 'recipientOffice', 'deadline']);
    const [hint] = itemHints(item('header'), analysis);
    expect(hint?.message).toBe('Case details not filled in: Date of birth, Facility, Recipient name, Recipient title, Recipient office, Deadline.');

    const filled = Object.fromEntries(IDENTIFIER_FIELDS.map((key) => [key, 'x']));
    expect(itemHints(item('header'), analyzeLetter(letterWith({ Header: [paragraph(text('RE'))] }), medicalAdvocacyTemplate, { ...EMPTY_CASE, ...filled }))).toEqual([]);
  });

  it('works with the shorter template, whose letters have no Qualifications section', () => {
    const analysis = analyzeLetter(templateToProsemirrorJson(requestForCareTemplate), requestForCareTemplate, null);
    expect(analysis.sections.has('qualifications')).toBe(false);
    expect(itemHints(item('qualifications'), analysis)).toEqual([]);
  });
});

function nodeHeading(node: DocJson): string | undefined {
  const text = node.content?.[0]?.text;
  return node.type === 'heading' && typeof text === 'string' ? text : undefined;
}
