/** The case details, read-only: for commenters and viewers, and for everyone in the de-identified view. */
import { CASE_FIELDS, MASKED_TEXT, caseFieldText, type CaseDetails } from '../../../shared/caseDetails';

/** A definition list of every field ("Not filled in" when empty, masks when de-identified). */
export function CaseSummary({ details, masked }: { details: CaseDetails; masked: boolean }) {
  return (
    <dl className="case-summary" data-testid="case-summary">
      {CASE_FIELDS.map((field) => (
        <div key={field.key} className="case-summary__row" data-field={field.key}>
          <dt>{field.label}</dt>
          <dd className={details[field.key] === '' && !masked ? 'muted' : undefined}>
            {masked ? MASKED_TEXT : details[field.key] === '' ? 'Not filled in' : caseFieldText(details, field.key)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
