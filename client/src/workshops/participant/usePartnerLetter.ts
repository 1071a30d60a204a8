/** Finds my peer-review partner's letter among the letters I may open (pairing made me a member of it). */
import type { LetterSummary } from '../../../../shared/letters';
import { listLetters } from '../../api/letters';
import { useAsync, type AsyncState } from '../../api/useAsync';
import { findPartnerLetter } from './participantRules';

/** What usePartnerLetter returns. */
export interface PartnerLetter {
  /** The letter (null when it is not among mine yet), while loading, or the error. */
  result: AsyncState<LetterSummary | null>;
  retry(): void;
}

/** Looks the letter up whenever the partner changes (the server grants access before it announces the pairs). */
export function usePartnerLetter(partnerId: string | null): PartnerLetter {
  const { result, retry } = useAsync(`workshop-partner:${partnerId ?? ''}`, async (signal) => {
    if (partnerId === null) return null;
    return findPartnerLetter(await listLetters({}, signal), partnerId);
  });
  return { result, retry };
}
