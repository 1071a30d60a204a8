/** The printable letter built from a body, case details and settings: what prints, what does not, and where. */
import { describe, expect, it } from 'vitest';
import { EMPTY_CASE } from '../../../shared/caseDetails';
import type { PmNode } from '../../../server/export/body';
import { bodyToBlocks } from '../../../server/export/body';
import { formatIsoDate, safeFileStem } from '../../../server/export/format';
import type { LetterSources } from '../../../server/export/letter';
import { buildPrintableLetter } from '../../../server/export/letter';
import { toWinAnsi } from '../../../server/export/winAnsi';
import { EMPTY_LETTERHEAD, EMPTY_SIGNATURE } from '../../../server/settings/schemas';

const text = (value: string, ...marks: string[]): PmNode => ({ type: 'text', text: value, ...(marks.length > 0 ? { marks: marks.map((type) => ({ type })) } : {}) });
const paragraph = (...content: PmNode[]): PmNode => ({ type: 'paragraph', content });
const heading = (value: string, level = 2): PmNode => ({ type: 'heading', attrs: { level }, content: [text(value)] });
const field = (name: string): PmNode => ({ type: 'caseField', attrs: { field: name } });
const item = (...content: PmNode[]): PmNode => ({ type: 'listItem', content });
const doc = (...content: PmNode[]): PmNode => ({ type: 'doc', content });
const empty: PmNode = { type: 'paragraph' };

function sources(body: PmNode, overrides: Partial<LetterSources> = {}): LetterSources {
  return {
    title: 'A letter',
    body,
    details: { ...EMPTY_CASE, fullName: 'Ana Quispe', dateOfBirth: '1984-07-21' },
    letterhead: { ...EMPTY_LETTERHEAD },
    signer: { name: 'Maria Lopez', signature: { ...EMPTY_SIGNATURE } },
    now: new Date('2026-03-05T12:00:00'),
    ...overrides,
  };
}

describe('bodyToBlocks', () => {
  it('keeps marks and line breaks, and fills placeholders (dates spelled out, unfilled ones bracketed)', () => {
    const blocks = bodyToBlocks(
      doc(paragraph(text('Bold', 'bold'), text(' and '), text('all', 'italic', 'underline', 'strike'), { type: 'hardBreak' }, field('fullName'), text(', born '), field('dateOfBirth'), text(', at '), field('facility'))),
      sources(empty).details,
    );
    expect(blocks).toEqual([
      {
        kind: 'paragraph',
        indent: 0,
        inlines: [
          { kind: 'text', text: 'Bold', bold: true, italic: false, underline: false, strike: false },
          { kind: 'text', text: ' and ', bold: false, italic: false, underline: false, strike: false },
          { kind: 'text', text: 'all', bold: false, italic: true, underline: true, strike: true },
          { kind: 'break' },
          { kind: 'text', text: 'Ana Quispe', bold: false, italic: false, underline: false, strike: false },
          { kind: 'text', text: ', born ', bold: false, italic: false, underline: false, strike: false },
          { kind: 'text', text: 'July 21, 1984', bold: false, italic: false, underline: false, strike: false },
          { kind: 'text', text: ', at ', bold: false, italic: false, underline: false, strike: false },
          { kind: 'text', text: '[Facility]', bold: false, italic: false, underline: false, strike: false },
        ],
      },
    ]);
  });

  it('keeps nested bullet and numbered lists, with their start', () => {
    const blocks = bodyToBlocks(
      doc({ type: 'orderedList', attrs: { start: 3 }, content: [item(paragraph(text('Three')), { type: 'bulletList', content: [item(paragraph(text('Nested')))] }), item(empty)] }),
      EMPTY_CASE,
    );
    expect(blocks).toMatchObject([
      { kind: 'list', ordered: true, start: 3, items: [[{ kind: 'paragraph' }, { kind: 'list', ordered: false, items: [[{ kind: 'paragraph' }]] }]] },
    ]);
  });

  it('leaves out empty paragraphs and every heading whose section has no text', () => {
    const blocks = bodyToBlocks(
      doc(heading('Empty'), empty, empty, heading('Parent'), heading('Child with text', 3), paragraph(text('x')), heading('Empty child', 3), empty, heading('Last'), empty),
      EMPTY_CASE,
    );
    expect(blocks.map((block) => (block.kind === 'heading' ? `h${block.level}` : block.kind))).toEqual(['h2', 'h3', 'paragraph']);
  });
});

describe('buildPrintableLetter', () => {
  it('prints the header itself: the template "Header" heading goes, text typed under it stays', () => {
    const letter = buildPrintableLetter(sources(doc(heading('Header'), paragraph(text('cc: Counsel')), heading('Summary of request'), paragraph(text('Please release.')))));
    expect(letter.date).toBe('March 5, 2026');
    expect(letter.re).toEqual(['Ana Quispe', 'Date of birth: July 21, 1984']);
    expect(letter.recipient).toEqual([]);
    expect(letter.salutation).toBe('To Whom It May Concern:');
    expect(letter.body.map((block) => block.kind)).toEqual(['paragraph', 'heading', 'paragraph']);
    expect(letter.letterhead).toBeNull();
    expect(letter.signature).toEqual(['Maria Lopez']);
  });

  it('puts the signature after the attestation section, before the attachments', () => {
    const letter = buildPrintableLetter(
      sources(doc(heading('Attestation and signature'), paragraph(text('True and correct.')), heading('Attachments'), paragraph(text('CV'))), {
        details: { ...EMPTY_CASE, recipientName: 'John Smith' },
        signer: { name: 'Maria Lopez', signature: { credentials: 'MD', licenseNumber: '', licenseState: 'CA', contact: 'maria@example.org' } },
        letterhead: { organizationName: '', addressLines: ['1 Main St'], phone: '555', email: '', website: 'example.org' },
      }),
    );
    expect(letter.body).toHaveLength(2);
    expect(letter.afterSignature).toHaveLength(2);
    expect(letter.salutation).toBe('Dear John Smith:');
    expect(letter.signature).toEqual(['Maria Lopez, MD', 'Licensed in CA', 'maria@example.org']);
    expect(letter.letterhead).toEqual({ name: '', lines: ['1 Main St', '555  ·  example.org'] });
  });

  it('keeps a salutation the writer typed instead of adding one', () => {
    expect(buildPrintableLetter(sources(doc(paragraph(text('Dear Officer Smith:')), paragraph(text('...'))))).salutation).toBeNull();
  });
});

describe('export text helpers', () => {
  it('spells out ISO dates without shifting them by time zone', () => {
    expect(formatIsoDate('2000-01-01')).toBe('January 1, 2000');
    expect(formatIsoDate('not a date')).toBe('not a date');
  });

  it('makes titles into safe file names', () => {
    expect(safeFileStem('Parole request: Quispe / ICE')).toBe('Parole request- Quispe - ICE');
    expect(safeFileStem('Café "quoted"\r\nname')).toBe('Cafe -quoted-name');
    expect(safeFileStem('///')).toBe('letter');
    expect(safeFileStem('x'.repeat(300))).toHaveLength(100);
  });

  it('keeps Windows-1252 text for the PDF fonts and stands in for the rest', () => {
    expect(toWinAnsi('Café “naïve” — 5 €')).toBe('Café “naïve” — 5 €');
    expect(toWinAnsi('Nguyễn ≥ 5\u2011mg')).toBe('Nguyên >= 5-mg');
    expect(toWinAnsi('李 😀')).toBe('? ?');
  });
});
