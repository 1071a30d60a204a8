/**
 * What the case-field placeholders in the body show: the case's current values, or a mask in the
 * de-identified view. A React context, so every placeholder re-renders when either changes.
 */
import { createContext, useContext } from 'react';
import { EMPTY_CASE, MASKED_TEXT, caseFieldText, type CaseDetails, type CaseField } from '../../../shared/caseDetails';

/** The values and the mode placeholders render with. */
export interface CaseView {
  /** The case, or null while it loads (or could not be loaded): placeholders then show labels. */
  details: CaseDetails | null;
  /** De-identified: every placeholder shows MASKED_TEXT instead of its value. */
  masked: boolean;
}

/** The default: nothing loaded, not masked. */
export const NO_CASE_VIEW: CaseView = { details: null, masked: false };

/** Provided around the editor content; read by each placeholder's node view. */
export const CaseViewContext = createContext<CaseView>(NO_CASE_VIEW);

/** The current case view. */
export function useCaseView(): CaseView {
  return useContext(CaseViewContext);
}

/** How a placeholder renders in `view`: its text and whether it stands for an empty field. */
export function placeholderDisplay(view: CaseView, field: CaseField): { text: string; empty: boolean; masked: boolean } {
  if (view.masked) return { text: MASKED_TEXT, empty: false, masked: true };
  if (!view.details) return { text: caseFieldText(EMPTY_CASE, field), empty: true, masked: false };
  return { text: caseFieldText(view.details, field), empty: view.details[field] === '', masked: false };
}

