import { describe, expect, it } from 'vitest';
import { AgendaSchema, DEFAULT_AGENDA, FOCUS_SECTION_KEYS, WorkshopLimits, type AgendaStep } from '../../../shared/workshops';
import { agendaInput, draftFromAgenda, moveStep, newDraftStep, toggleFocus, totalMinutes, validateAgenda, type DraftStep } from '../../../client/src/workshops/agendaDraft';

function agenda(): AgendaStep[] {
  return DEFAULT_AGENDA.map((step, index) => ({ ...step, id: `step-${index}`, focusSections: [...step.focusSections] }));
}

describe('agenda drafts', () => {
  it('round-trips a saved agenda, keeping ids, into a body AgendaSchema accepts', () => {
    const input = agendaInput(draftFromAgenda(agenda()));
    expect(input.map((step) => step.id)).toEqual(agenda().map((step) => step.id));
    expect(AgendaSchema.safeParse(input).success).toBe(true);
  });

  it('sends new steps without an id', () => {
    const step = { ...newDraftStep(), title: 'Q&A', minutes: '5' };
    const [input] = agendaInput([step]);
    expect(input).toEqual({ title: 'Q&A', minutes: 5, guidance: '', focusSections: [] });
    expect(AgendaSchema.safeParse([input]).success).toBe(true);
  });

  it('gives new steps distinct keys', () => {
    expect(newDraftStep().key).not.toBe(newDraftStep().key);
  });

  it('moves steps up and down, and not past either end', () => {
    const steps = draftFromAgenda(agenda());
    const titles = (list: DraftStep[]) => list.map((step) => step.title);
    expect(titles(moveStep(steps, 1, -1)).slice(0, 2)).toEqual(['Records walkthrough', 'Briefing']);
    expect(titles(moveStep(steps, 0, 1)).slice(0, 2)).toEqual(['Records walkthrough', 'Briefing']);
    expect(titles(moveStep(steps, 0, -1))).toEqual(titles(steps));
    expect(titles(moveStep(steps, steps.length - 1, 1))).toEqual(titles(steps));
  });

  it('toggles focus sections in the canonical order', () => {
    expect(toggleFocus(['summary'], 'header', true, FOCUS_SECTION_KEYS)).toEqual(['header', 'summary']);
    expect(toggleFocus(['header', 'summary'], 'header', false, FOCUS_SECTION_KEYS)).toEqual(['summary']);
    expect(toggleFocus(['header'], 'header', true, FOCUS_SECTION_KEYS)).toEqual(['header']);
  });

  it('flags what AgendaSchema would refuse, per step', () => {
    const steps = draftFromAgenda(agenda());
    expect(validateAgenda(steps)).toEqual({});
    const [first, second, third, fourth] = steps as [DraftStep, DraftStep, DraftStep, DraftStep];
    const broken = [
      { ...first, title: '  ' },
      { ...second, minutes: '0' },
      { ...third, minutes: '2.5' },
      { ...fourth, minutes: String(WorkshopLimits.maxStepMinutes + 1) },
    ];
    const problems = validateAgenda(broken);
    expect(Object.keys(problems).sort()).toEqual(broken.map((step) => step.key).sort());
    expect(validateAgenda([]).agenda).toMatch(/at least one step/);
    const tooMany = Array.from({ length: WorkshopLimits.maxSteps + 1 }, () => ({ ...newDraftStep(), title: 'x' }));
    expect(validateAgenda(tooMany).agenda).toMatch(/at most/);
  });

  it('adds up minutes, ignoring what is not a number yet', () => {
    expect(totalMinutes(DEFAULT_AGENDA)).toBe(120);
    expect(totalMinutes([{ minutes: '10' }, { minutes: '' }, { minutes: 'x' }, { minutes: 5 }])).toBe(15);
  });
});
