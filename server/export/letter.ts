/** Assembles the printable letter from its sources: body, case details, letterhead and signer. Pure. */
import type { CaseDetails } from '../../shared/caseDetails';
import { caseFieldText } from '../../shared/caseDetails';
import { medicalAdvocacyTemplate } from '../../shared/templates';
import type { Letterhead, Signature } from '../settings/schemas';
import type { PmNode } from './body';
import { bodyToBlocks, headingText, isParagraph, sectionEnd } from './body';
import { formatIsoDate, formatLetterDate } from './format';
import type { Block, PrintableLetter, PrintedLetterhead } from './printable';
import { inlineText } from './printable';

/** The person whose signature block the export carries. */
export interface Signer {
  name: string;
  signature: Signature;
}

/** Everything a printable letter is made from. */
export interface LetterSources {
  title: string;
  /** The body as ProseMirror JSON. */
  body: PmNode;
  details: CaseDetails;
  letterhead: Letterhead;
  signer: Signer;
  now: Date;
}

const headingOf = (key: string): string => medicalAdvocacyTemplate.sections.find((section) => section.key === key)?.heading ?? key;
/** The export prints the date, recipient and RE block itself, so the template's "Header" heading would only repeat them. */
const HEADER_HEADING = headingOf('header');
/** The signature goes right after this section, before the attachments list. */
const ATTESTATION_HEADING = headingOf('attestation');

function printedLetterhead(letterhead: Letterhead): PrintedLetterhead | null {
  const contact = [letterhead.phone, letterhead.email, letterhead.website].filter((part) => part !== '').join('  ·  ');
  const lines = [...letterhead.addressLines, ...(contact ? [contact] : [])];
  if (letterhead.organizationName === '' && lines.length === 0) return null;
  return { name: letterhead.organizationName, lines };
}

function lines(...values: string[]): string[] {
  return values.flatMap((value) => value.split(/\r?\n/)).map((line) => line.trim()).filter((line) => line !== '');
}

function reLines(details: CaseDetails): string[] {
  const filled = (field: keyof CaseDetails, label: string, value = caseFieldText(details, field)) =>
    details[field] === '' ? [] : [label ? `${label}: ${value}` : value];
  return [
    ...filled('fullName', ''),
    ...filled('dateOfBirth', 'Date of birth', formatIsoDate(details.dateOfBirth)),
    ...filled('aNumber', 'A-Number'),
    ...filled('facility', 'Facility'),
    ...filled('requestType', 'Request'),
  ];
}

function signatureLines({ name, signature }: Signer): string[] {
  const { credentials, licenseNumber, licenseState, contact } = signature;
  const license = licenseNumber && licenseState ? `License No. ${licenseNumber}, ${licenseState}` : licenseNumber ? `License No. ${licenseNumber}` : licenseState ? `Licensed in ${licenseState}` : '';
  return lines(credentials ? `${name}, ${credentials}` : name, license, contact);
}

/** The body with the "Header" heading left out (its own text, such as a cc list, stays). */
function withoutHeaderHeading(blocks: readonly Block[]): Block[] {
  return blocks.filter((block) => block.kind !== 'heading' || headingText(block) !== HEADER_HEADING);
}

/** Splits the body after the attestation section, where the signature belongs; without one, it goes at the end. */
function splitAtSignature(blocks: Block[]): [Block[], Block[]] {
  const attestation = blocks.findIndex((block) => block.kind === 'heading' && headingText(block) === ATTESTATION_HEADING);
  if (attestation === -1) return [blocks, []];
  const end = sectionEnd(blocks, attestation);
  return [blocks.slice(0, end), blocks.slice(end)];
}

/** A body that already opens with "Dear …" or "To whom …" keeps its own salutation. */
function opensWithSalutation(blocks: readonly Block[]): boolean {
  const first = blocks.find((block) => block.kind !== 'heading');
  return isParagraph(first) && /^\s*(dear|to whom)\b/i.test(inlineText(first.inlines));
}

/** Builds the printable letter. */
export function buildPrintableLetter(sources: LetterSources): PrintableLetter {
  const { details } = sources;
  const blocks = withoutHeaderHeading(bodyToBlocks(sources.body, details));
  const [body, afterSignature] = splitAtSignature(blocks);
  return {
    title: sources.title,
    letterhead: printedLetterhead(sources.letterhead),
    date: formatLetterDate(sources.now),
    recipient: lines(details.recipientName, details.recipientTitle, details.recipientOffice),
    re: reLines(details),
    salutation: opensWithSalutation(blocks) ? null : details.recipientName ? `Dear ${details.recipientName}:` : 'To Whom It May Concern:',
    body,
    closing: 'Sincerely,',
    signature: signatureLines(sources.signer),
    afterSignature,
  };
}
