/** How checklist items are grouped and labelled: by template section in letter order, then general groups. */
import { GENERAL_SECTIONS, type ChecklistItem } from '../../../shared/checklist';
import { medicalAdvocacyTemplate, type LetterTemplate } from '../../../shared/templates';

/** One group of the checklist. */
export interface ChecklistGroup {
  key: string;
  label: string;
  /** The heading to scroll to, when the letter's template has this section. */
  heading: string | null;
  items: ChecklistItem[];
}

const isGeneral = (key: string): key is keyof typeof GENERAL_SECTIONS => Object.hasOwn(GENERAL_SECTIONS, key);

/** The name of a section key: the template's heading, a general group's name, or the key itself. */
export function sectionLabel(key: string, template: LetterTemplate | null): string {
  if (isGeneral(key)) return GENERAL_SECTIONS[key];
  const section = template?.sections.find((s) => s.key === key) ?? medicalAdvocacyTemplate.sections.find((s) => s.key === key);
  return section?.heading ?? key;
}

/** Where a section key sorts: template sections first, in order, then general groups, then the rest. */
function rank(key: string, template: LetterTemplate | null): number {
  const inTemplate = template?.sections.findIndex((s) => s.key === key) ?? -1;
  if (inTemplate >= 0) return inTemplate;
  const general = Object.keys(GENERAL_SECTIONS).indexOf(key);
  return general >= 0 ? 1000 + general : 2000;
}

/** The items grouped by section; within a group they keep their checklist order (`position`). */
export function groupChecklist(items: readonly ChecklistItem[], template: LetterTemplate | null): ChecklistGroup[] {
  const ordered = [...items].sort((a, b) => a.position - b.position);
  const groups = new Map<string, ChecklistGroup>();
  for (const item of ordered) {
    let group = groups.get(item.sectionKey);
    if (!group) {
      const heading = template?.sections.find((s) => s.key === item.sectionKey)?.heading ?? null;
      group = { key: item.sectionKey, label: sectionLabel(item.sectionKey, template), heading, items: [] };
      groups.set(item.sectionKey, group);
    }
    group.items.push(item);
  }
  return [...groups.values()].sort((a, b) => rank(a.key, template) - rank(b.key, template) || a.label.localeCompare(b.label));
}

/** Only the groups of the `focus` sections (a workshop step's); every group when `focus` is empty. */
export function focusGroups(groups: readonly ChecklistGroup[], focus: readonly string[]): ChecklistGroup[] {
  if (focus.length === 0) return [...groups];
  return groups.filter((group) => focus.includes(group.key));
}

/** The sections a new item may go in: the template's, then the general groups. */
export function sectionChoices(template: LetterTemplate | null): { key: string; label: string }[] {
  const sections = (template ?? medicalAdvocacyTemplate).sections.map((s) => ({ key: s.key, label: s.heading }));
  return [...sections, ...Object.entries(GENERAL_SECTIONS).map(([key, label]) => ({ key, label }))];
}

/** Ticked and total items per section key. */
export function progressBySection(items: readonly ChecklistItem[]): Map<string, { ticked: number; total: number }> {
  const progress = new Map<string, { ticked: number; total: number }>();
  for (const item of items) {
    const entry = progress.get(item.sectionKey) ?? { ticked: 0, total: 0 };
    entry.total += 1;
    if (item.tickedBy) entry.ticked += 1;
    progress.set(item.sectionKey, entry);
  }
  return progress;
}
