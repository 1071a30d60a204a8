/**
 * Letter templates: the sections a new letter's body is seeded with. The server builds the
 * initial Y.Doc from these; the client never seeds content.
 */

/** One section of a template: a heading in the body, and guidance for the writer. */
export interface TemplateSection {
  /** Stable key, used by checklists and the outline. */
  key: string;
  heading: string;
  /** What the section is for; shown as guidance, never exported as letter text. */
  hint: string;
}

/**
 * What every export prints around the body, from the case details and the signer's Settings, so a
 * section's guidance never asks the writer to type it (or the letter would carry it twice). Each
 * entry has the words a hint would use to ask for it.
 */
export const LETTER_FURNITURE = {
  /** The letter's date, at the top. */
  date: { label: "the letter's date", asks: /(^|[;,]\s*)date\b/i },
  /** The recipient block: name, title and office. */
  recipient: { label: 'the recipient block', asks: /\brecipient\b|\baddressee\b/i },
  /** The RE line and the identifiers it lists. */
  re: { label: 'the RE line', asks: /\bRE\b|full name|date of birth|a-number|type of request/i },
  /** "Dear …:" or "To Whom It May Concern:". */
  salutation: { label: 'the greeting', asks: /\bdear\b|salutation|greeting/i },
  /** The signer's name, credentials, license and contact after the attestation. */
  signature: { label: 'the signature block', asks: /credentials|\bcontact\b|signature block/i },
} as const satisfies Record<string, { label: string; asks: RegExp }>;

/** A letter template. */
export interface LetterTemplate {
  id: string;
  name: string;
  sections: readonly TemplateSection[];
}

/** The default: the 14 sections of a medical advocacy letter. */
export const medicalAdvocacyTemplate: LetterTemplate = {
  id: 'medical-advocacy',
  name: 'Medical advocacy letter',
  sections: [
    { key: 'header', heading: 'Header', hint: 'A cc list, if the letter has one; otherwise leave it empty. The export prints the top of the letter from the case details.' },
    { key: 'summary', heading: 'Summary of request', hint: 'The ask and the medical reason in two or three sentences, in the first paragraph.' },
    { key: 'qualifications', heading: 'Qualifications and independence', hint: 'License number and state, specialty, years of practice; treating or independent evaluator; pro bono; CV attached.' },
    { key: 'basis', heading: 'Basis of opinion', hint: 'Every record reviewed (source and dates); exam or interview date, mode (in person, phone, video), interpreter; consent obtained.' },
    { key: 'limitations', heading: 'Limitations', hint: 'What could not be reviewed or examined, and how that limits the opinion.' },
    { key: 'history', heading: 'Relevant history', hint: 'Health before detention; detention dates, facilities and transfers.' },
    { key: 'findings', heading: 'Findings and diagnoses', hint: 'Diagnoses in plain language; jargon and abbreviations explained.' },
    { key: 'care', heading: 'Care in detention', hint: 'Dated events tied to records; documented facts kept apart from facts the person reported.' },
    { key: 'standard', heading: 'Standard of care', hint: 'The clinical guideline that applies, and the ICE detention standard that binds the facility (the lawyer confirms which). Did care meet it?' },
    { key: 'risks', heading: 'Risks of continued detention', hint: 'Prognosis with and without appropriate care; likelihood calibrated, no overstatement.' },
    { key: 'recommendations', heading: 'Recommendations', hint: 'Numbered, specific, with timeframes; why detention cannot provide them.' },
    { key: 'release', heading: 'Release and continuity plan', hint: 'Community clinician, medications, follow-up appointments.' },
    { key: 'attestation', heading: 'Attestation and signature', hint: "Statement that the opinion is true to the best of the writer's knowledge. The export signs it from your Settings." },
    { key: 'attachments', heading: 'Attachments', hint: 'CV, records list, authorization on file (listed, not attached, in the letter).' },
  ],
};

const section = (key: string): TemplateSection => {
  const found = medicalAdvocacyTemplate.sections.find((s) => s.key === key);
  if (!found) throw new Error(`no section ${key} in the medical advocacy template`);
  return found;
};

/** A shorter letter asking the facility or ICE Health Service Corps for care in detention. */
export const requestForCareTemplate: LetterTemplate = {
  id: 'request-for-care',
  name: 'Request for medical care',
  sections: [
    section('header'),
    { ...section('summary'), hint: 'The care needed and why, in two or three sentences, in the first paragraph.' },
    section('basis'),
    section('findings'),
    section('care'),
    section('standard'),
    { ...section('recommendations'), hint: 'Numbered, specific requests with timeframes: tests, referrals, medications, accommodations.' },
    section('attestation'),
  ],
};

/** All templates, by id. */
export const TEMPLATES = {
  'medical-advocacy': medicalAdvocacyTemplate,
  'request-for-care': requestForCareTemplate,
} as const satisfies Record<string, LetterTemplate>;

/** The ids a request may name. */
export const TEMPLATE_IDS = ['medical-advocacy', 'request-for-care'] as const satisfies readonly (keyof typeof TEMPLATES)[];

/** The template used when a request names none. */
export const DEFAULT_TEMPLATE_ID = 'medical-advocacy';

/** A template's body as ProseMirror JSON: each section a level-2 heading and an empty paragraph. */
export function templateToProsemirrorJson(template: LetterTemplate): {
  type: 'doc';
  content: { type: string; attrs?: Record<string, unknown>; content?: { type: 'text'; text: string }[] }[];
} {
  return {
    type: 'doc',
    content: template.sections.flatMap((section) => [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text' as const, text: section.heading }] },
      { type: 'paragraph' },
    ]),
  };
}
