/**
 * Editing a workshop (`PATCH /api/workshops/:id`): title, date, and the agenda, which replaces the
 * steps. The live state follows: a current step past the new end is clamped to the last step, and
 * a timer nobody started takes the current step's new length.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { readLiveState, saveLiveState } from './state';
import type { StepInput } from './store';
import { listSteps, replaceAgenda, updateWorkshopFields } from './store';
import { idleTimer } from './timer';

/** Applies an edit inside the caller's transaction and bumps the revision. */
export async function changeAgenda(
  db: Kysely<Database>,
  workshopId: string,
  changes: { title?: string | undefined; date?: string | undefined; agenda?: readonly StepInput[] | undefined },
): Promise<void> {
  await updateWorkshopFields(db, workshopId, changes);
  const live = await readLiveState(db, workshopId);
  let { stepIndex, timer } = live;
  if (changes.agenda) {
    const before = (await listSteps(db, workshopId))[live.stepIndex];
    const steps = await replaceAgenda(db, workshopId, changes.agenda);
    stepIndex = Math.min(live.stepIndex, steps.length - 1);
    const after = steps[stepIndex];
    const sameStep = before !== undefined && after !== undefined && before.id === after.id && before.minutes === after.minutes;
    // A different current step starts over; an unstarted timer takes the step's new length.
    if (after && (stepIndex !== live.stepIndex || (!sameStep && timer.state === 'idle'))) timer = idleTimer(after.minutes);
  }
  await saveLiveState(db, workshopId, { stepIndex, timer, broadcast: live.broadcast });
}
