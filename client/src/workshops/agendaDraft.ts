/** The agenda editor's working copy: steps as typed, moved, added and removed, checked before saving. */
import { WorkshopLimits, type AgendaStep } from '../../../shared/workshops';
import type { AgendaStepInput } from '../api/workshops';

/** One step being edited; `key` identifies it in the list, `id` is the server's (absent when new). */
export interface DraftStep {
  key: string;
  id?: string;
  title: string;
  /** As typed in the number field. */
  minutes: string;
  guidance: string;
  focusSections: string[];
}

let newStepCount = 0;

/** The draft of a saved agenda. */
export function draftFromAgenda(agenda: readonly AgendaStep[]): DraftStep[] {
  return agenda.map((step) => ({
    key: step.id,
    id: step.id,
    title: step.title,
    minutes: String(step.minutes),
    guidance: step.guidance,
    focusSections: [...step.focusSections],
  }));
}

/** A blank step with a key no other step has. */
export function newDraftStep(): DraftStep {
  newStepCount += 1;
  return { key: `new-${newStepCount}`, title: '', minutes: '10', guidance: '', focusSections: [] };
}

/** `steps` with the step at `index` moved by `delta` (−1 up, +1 down); unchanged at either end. */
export function moveStep(steps: readonly DraftStep[], index: number, delta: -1 | 1): DraftStep[] {
  const target = index + delta;
  const moving = steps[index];
  const other = steps[target];
  if (moving === undefined || other === undefined) return [...steps];
  const next = [...steps];
  next[target] = moving;
  next[index] = other;
  return next;
}

/** `focusSections` with `key` switched on or off, kept in the order of `allKeys`. */
export function toggleFocus(focusSections: readonly string[], key: string, on: boolean, allKeys: readonly string[]): string[] {
  const chosen = new Set(focusSections);
  if (on) chosen.add(key);
  else chosen.delete(key);
  return allKeys.filter((candidate) => chosen.has(candidate));
}

/** What is wrong with a draft: one message per step key (and `agenda` for the whole list). */
export type AgendaProblems = Record<string, string>;

/** Checks a draft like AgendaSchema does, in words fit to show beside each step. */
export function validateAgenda(steps: readonly DraftStep[]): AgendaProblems {
  const problems: AgendaProblems = {};
  if (steps.length === 0) problems.agenda = 'The agenda needs at least one step.';
  if (steps.length > WorkshopLimits.maxSteps) problems.agenda = `An agenda has at most ${WorkshopLimits.maxSteps} steps.`;
  for (const step of steps) {
    const title = step.title.trim();
    const minutes = Number(step.minutes);
    if (title === '') problems[step.key] = 'Give this step a title.';
    else if (title.length > WorkshopLimits.maxStepTitleLength) problems[step.key] = `Step titles can be at most ${WorkshopLimits.maxStepTitleLength} characters.`;
    else if (step.minutes.trim() === '' || !Number.isInteger(minutes) || minutes < 1 || minutes > WorkshopLimits.maxStepMinutes) {
      problems[step.key] = `Minutes must be a whole number from 1 to ${WorkshopLimits.maxStepMinutes}.`;
    } else if (step.guidance.trim().length > WorkshopLimits.maxGuidanceLength) {
      problems[step.key] = `Guidance can be at most ${WorkshopLimits.maxGuidanceLength} characters.`;
    }
  }
  return problems;
}

/** The draft as the PATCH body's agenda (call only when validateAgenda found nothing). */
export function agendaInput(steps: readonly DraftStep[]): AgendaStepInput[] {
  return steps.map((step) => ({
    ...(step.id === undefined ? {} : { id: step.id }),
    title: step.title.trim(),
    minutes: Number(step.minutes),
    guidance: step.guidance.trim(),
    focusSections: [...step.focusSections],
  }));
}

/** Total minutes of a draft, ignoring steps whose minutes are not yet a number. */
export function totalMinutes(steps: readonly { minutes: string | number }[]): number {
  return steps.reduce((sum, step) => {
    const minutes = Number(step.minutes);
    return Number.isFinite(minutes) && minutes > 0 ? sum + minutes : sum;
  }, 0);
}
