/**
 * The printable letter: a neutral model of what an export prints, built once from the body, the
 * case details and the settings, and rendered by both the DOCX and the PDF writer.
 */

/** A span of text with its marks. */
export interface TextRun {
  kind: 'text';
  text: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
}

/** A line break inside a paragraph (the editor's hardBreak). */
export interface LineBreak {
  kind: 'break';
}

/** What a paragraph or heading holds. */
export type Inline = TextRun | LineBreak;

/** A section heading, levels 1-3. */
export interface HeadingBlock {
  kind: 'heading';
  level: 1 | 2 | 3;
  inlines: Inline[];
}

/** A paragraph; `indent` > 0 for quoted text. */
export interface ParagraphBlock {
  kind: 'paragraph';
  inlines: Inline[];
  indent: number;
}

/** A bullet or numbered list; each item is its own blocks (paragraphs and nested lists). */
export interface ListBlock {
  kind: 'list';
  ordered: boolean;
  start: number;
  items: Block[][];
}

/** One block of the body. */
export type Block = HeadingBlock | ParagraphBlock | ListBlock;

/** The organization's letterhead as printed: its name and the lines beneath it. */
export interface PrintedLetterhead {
  name: string;
  lines: string[];
}

/** Everything an export prints, in reading order. */
export interface PrintableLetter {
  /** The letter's title: the document's metadata title, never printed. */
  title: string;
  letterhead: PrintedLetterhead | null;
  /** The export date, e.g. "March 5, 2026". */
  date: string;
  /** Recipient name, title and office, one entry a line; empty when none is filled in. */
  recipient: string[];
  /** The lines after "RE:" (name, date of birth, A-number, facility, request); empty when none is filled in. */
  re: string[];
  /** "Dear …:", or null when the body opens with its own salutation. */
  salutation: string | null;
  /** The body up to and including the attestation section. */
  body: Block[];
  /** The closing above the signature ("Sincerely,"). */
  closing: string;
  /** The signer's name with credentials, license and contact, one entry a line. */
  signature: string[];
  /** The body after the attestation section (attachments), printed below the signature. */
  afterSignature: Block[];
}

/** The plain text of some inlines (breaks as spaces), for checks such as "is this empty?". */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines.map((inline) => (inline.kind === 'text' ? inline.text : ' ')).join('');
}
