/**
 * The template's guidance and the export agree: every section's hint asks only for what the writer
 * types, never for the furniture the export prints itself (date, recipient block, RE line, greeting,
 * signature block), so a letter written by following the guidance carries each of them once.
 */
import { describe, expect, it } from 'vitest';
import type { CaseDetails } from '../../../shared/caseDetails';
import { LETTER_FURNITURE, TEMPLATES, type LetterTemplate } from '../../../shared/templates';
import type { PmNode } from '../../../server/export/body';
import { buildPrintableLetter } from '../../../server/export/letter';
import type { Block, PrintableLetter } from '../../../server/export/printable';
import { inlineText } from '../../../server/export/printable';
import { EMPTY_LETTERHEAD } from '../../../server/settings/schemas';

const DETAILS: CaseDetails = {
  fullName: 'Ana Quispe',
  dateOfBirth: '1984-07-21',
  aNumber: '123456789',
  facility: 'Otay Mesa Detention Center',
  recipientName: 'Field Office Director',
  recipientTitle: 'Director',
  recipientOffice: 'San Diego Field Office',
  deadline: '2026-04-01',
  legalRoute: 'parole',
  requestType: 'release',
};

/** Where the printable letter carries each piece of furniture: the list above must name all of them. */
const PRINTED_AS: Record<keyof typeof LETTER_FURNITURE, (letter: PrintableLetter) => string[]> = {
  date: (letter) => [letter.date],
  recipient: (letter) => letter.recipient,
  re: (letter) => letter.re,
  salutation: (letter) => (letter.salutation ? [letter.salutation] : []),
  signature: (letter) => letter.signature,
};

/** A body written by following the guidance word for word: each section's hint typed as its text. */
function bodyFollowingGuidance(template: LetterTemplate): PmNode {
  return {
    type: 'doc',
    content: template.sections.flatMap((section) => [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: section.heading }] },
      { type: 'paragraph', content: [{ type: 'text', text: section.hint }] },
    ]),
  };
}

function blockTexts(blocks: readonly Block[]): string[] {
  return blocks.flatMap((block) => (block.kind === 'list' ? block.items.flatMap(blockTexts) : [inlineText(block.inlines)]));
}

function printed(template: LetterTemplate): PrintableLetter {
  return buildPrintableLetter({
    title: 'A letter',
    body: bodyFollowingGuidance(template),
    details: DETAILS,
    letterhead: { ...EMPTY_LETTERHEAD, organizationName: 'Clinic' },
    signer: { name: 'Maria Lopez', signature: { credentials: 'MD', licenseNumber: 'A12345', licenseState: 'CA', contact: 'maria@example.org' } },
    now: new Date('2026-03-05T12:00:00Z'),
  });
}

describe.each(Object.values(TEMPLATES))('the guidance of the $name template', (template) => {
  it.each(template.sections.map((section) => [section.heading, section.hint] as const))('“%s” asks for nothing the export prints itself', (_heading, hint) => {
    for (const [key, furniture] of Object.entries(LETTER_FURNITURE)) {
      expect(furniture.asks.test(hint), `asks for ${key} (${furniture.label}): ${hint}`).toBe(false);
    }
  });

  it('written word for word, exports every piece of furniture once: exactly one RE line, one date, one signature block', () => {
    const letter = printed(template);
    const body = [...blockTexts(letter.body), ...blockTexts(letter.afterSignature)];
    for (const [key, where] of Object.entries(PRINTED_AS)) {
      expect(where(letter).length, `${key} is printed`).toBeGreaterThan(0);
    }
    // The RE block prints once under one "RE:"; the body repeats none of it.
    expect(body.filter((text) => /\bRE\b/.test(text))).toEqual([]);
    for (const line of [...letter.re, ...letter.recipient, ...letter.signature, letter.date]) {
      expect(body.filter((text) => text.includes(line)), line).toEqual([]);
    }
  });
});
