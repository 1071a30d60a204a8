/** Which case field a server validation message is about, so it can be shown beside that field. */
import { CASE_FIELDS, type CaseField } from '../../../shared/caseDetails';

/** Per-field messages and whatever could not be attributed to a field. */
export interface SortedErrors {
  fields: Partial<Record<CaseField, string>>;
  general: string | null;
}

/**
 * Sorts a 400's message (issues joined by "; ", possibly prefixed with the field key or label) by
 * field. When exactly one field was sent, an unprefixed message is that field's.
 */
export function sortFieldErrors(message: string, sent: readonly CaseField[]): SortedErrors {
  const fields: Partial<Record<CaseField, string>> = {};
  const general: string[] = [];
  for (const part of message.split(/;\s*/).map((text) => text.trim()).filter(Boolean)) {
    const named = CASE_FIELDS.find(
      (field) => part.toLowerCase().startsWith(`${field.key.toLowerCase()}:`) || part.toLowerCase().startsWith(`${field.label.toLowerCase()}:`),
    );
    if (named) {
      fields[named.key] = part.slice(part.indexOf(':') + 1).trim();
    } else if (sent.length === 1 && sent[0]) {
      fields[sent[0]] = fields[sent[0]] ? `${fields[sent[0]]}; ${part}` : part;
    } else {
      general.push(part);
    }
  }
  return { fields, general: general.length > 0 ? general.join('; ') : null };
}
