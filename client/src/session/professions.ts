/** How professions read in the interface. */
import { PROFESSIONS, type Profession } from '../../../shared/auth';

/** Plain-language names. */
export const PROFESSION_LABEL: Record<Profession, string> = {
  organizer: 'Organizer',
  physician: 'Physician',
  lawyer: 'Lawyer',
  other: 'Other',
};

/** The label to show beside a name, or null for "other" (which says nothing useful there). */
export function professionTag(profession: Profession | undefined): string | null {
  return profession && profession !== 'other' ? PROFESSION_LABEL[profession] : null;
}

/** The profession a <select> value names (the options come from PROFESSIONS, so it always is one). */
export function readProfession(value: string): Profession {
  return PROFESSIONS.find((profession) => profession === value) ?? 'other';
}
