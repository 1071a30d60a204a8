/**
 * The case details beside the letter: a form for owners and editors, a read-only list for everyone
 * else, masks in the de-identified view. Values follow other people's saves live.
 */
import type { CaseDetails } from '../../../shared/caseDetails';
import { can, type LetterRole } from '../../../shared/roles';
import { errorMessage } from '../components/errorMessage';
import type { LiveResource } from '../sync/useLiveResource';
import { CaseForm } from './CaseForm';
import { CaseSummary } from './CaseSummary';

/** Props of CasePanel. */
export interface CasePanelProps {
  role: LetterRole;
  /** The letter is sent: case details are read-only until an owner reopens it. */
  frozen: boolean;
  caseDetails: LiveResource<CaseDetails>;
  masked: boolean;
  save(changes: Partial<CaseDetails>): Promise<CaseDetails>;
}

/** The panel. */
export function CasePanel({ role, frozen, caseDetails, masked, save }: CasePanelProps) {
  const { state } = caseDetails;
  const mayEdit = !frozen && can(role, 'editCaseDetails');
  return (
    <section className="case-panel" aria-labelledby="case-title" data-testid="case-panel">
      <h2 className="side-title" id="case-title">
        Case details
      </h2>
      {state.status === 'loading' && <p className="muted panel-state">Loading case details…</p>}
      {state.status === 'error' && (
        <div className="notice notice--error panel-state" role="alert">
          <p>Could not load the case details. {errorMessage(state.error)}</p>
          <button type="button" className="button button--small" onClick={caseDetails.retry}>
            Try again
          </button>
        </div>
      )}
      {state.status === 'ready' && (
        <>
          {state.staleBecause !== null && (
            <p className="field-error" role="status">
              Could not refresh the case details; they may be out of date.
            </p>
          )}
          {masked ? (
            <>
              <p className="muted panel-note">De-identified view: case details are hidden here and in the letter.</p>
              <CaseSummary details={state.value} masked />
            </>
          ) : mayEdit ? (
            <CaseForm details={state.value} save={save} />
          ) : (
            <>
              <p className="muted panel-note">
                {frozen ? 'The letter was sent: its case details are read-only until an owner reopens it.' : 'Owners and editors can change the case details.'}
              </p>
              <CaseSummary details={state.value} masked={false} />
            </>
          )}
        </>
      )}
    </section>
  );
}
