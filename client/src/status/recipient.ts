/** Who a letter goes to, as one line built from its case details. */
import type { CaseDetails } from '../../../shared/caseDetails';
import { getCaseDetails } from '../api/case';

/** The recipient as one line ("Name, Title, Office"), or '' when the case names nobody yet. */
export function recipientLine(details: Pick<CaseDetails, 'recipientName' | 'recipientTitle' | 'recipientOffice'>): string {
  return [details.recipientName, details.recipientTitle, details.recipientOffice]
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(', ');
}

/** Loads the letter's recipient as one line (`GET /api/letters/:id/case`). */
export async function fetchRecipient(letterId: string, signal?: AbortSignal): Promise<string> {
  return recipientLine(await getCaseDetails(letterId, signal));
}
