import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECKLIST, type ChecklistItem } from '../../../../shared/checklist';
import { medicalAdvocacyTemplate } from '../../../../shared/templates';
import { DEFAULT_AGENDA } from '../../../../shared/workshops';
import { focusGroups, groupChecklist } from '../../../../client/src/checklist/groups';

const items: ChecklistItem[] = DEFAULT_CHECKLIST.map((item, index) => ({
  id: `i${index}`,
  sectionKey: item.sectionKey,
  text: item.text,
  position: index,
  suggestion: item.suggestion ?? null,
  tickedBy: null,
  tickedAt: null,
}));
const groups = groupChecklist(items, medicalAdvocacyTemplate);

describe("focusGroups (the checklist narrowed to a step's sections)", () => {
  it("keeps only the focus sections' groups, in letter order", () => {
    const shown = focusGroups(groups, ['history', 'basis', 'care']);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((group) => ['history', 'basis', 'care'].includes(group.key))).toBe(true);
    const order = medicalAdvocacyTemplate.sections.map((section) => section.key);
    expect(shown.map((group) => order.indexOf(group.key))).toEqual([...shown.map((group) => order.indexOf(group.key))].sort((a, b) => a - b));
  });

  it('shows every group for a step that focuses on the whole letter', () => {
    const peerReview = DEFAULT_AGENDA.find((step) => step.title === 'Peer review');
    expect(peerReview?.focusSections).toEqual([]);
    expect(focusGroups(groups, [])).toEqual(groups);
  });

  it('includes general groups named by a step (close-out: privacy)', () => {
    const closeOut = DEFAULT_AGENDA.find((step) => step.title === 'Close-out');
    const keys = focusGroups(groups, closeOut?.focusSections ?? []).map((group) => group.key);
    expect(keys).toContain('privacy');
    expect(keys.every((key) => key === 'privacy' || key === 'attestation')).toBe(true);
  });
});
