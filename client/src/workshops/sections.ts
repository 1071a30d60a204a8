/** Section keys as people read them: the template's heading, or the checklist's general group. */
import { GENERAL_SECTIONS } from '../../../shared/checklist';
import { TEMPLATES } from '../../../shared/templates';
import { FOCUS_SECTION_KEYS } from '../../../shared/workshops';

const HEADINGS: ReadonlyMap<string, string> = new Map([
  ...Object.values(TEMPLATES).flatMap((template) => template.sections.map((section) => [section.key, section.heading] as const)),
  ...Object.entries(GENERAL_SECTIONS),
]);

/** The heading of section `key` ("care" → "Care in detention"); unknown keys are shown as given. */
export function sectionLabel(key: string): string {
  return HEADINGS.get(key) ?? key;
}

/** The sections a step's focus may name, with their headings, in template order. */
export const FOCUS_SECTION_OPTIONS: readonly { key: string; label: string }[] = FOCUS_SECTION_KEYS.map((key) => ({ key, label: sectionLabel(key) }));

/** A step's focus in words: "Header, Summary of request", or "Whole letter" when it names none. */
export function focusSummary(keys: readonly string[]): string {
  return keys.length === 0 ? 'Whole letter' : keys.map(sectionLabel).join(', ');
}
