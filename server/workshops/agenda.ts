/**
 * Editing a workshop (`PATCH /api/workshops/:id`): title, date, and the agenda, which replaces the
 * steps. The live state follows the current step: moved, it stays current at its new place; removed,
 * the step now at its old place (or the last one) becomes current; a timer nobody started takes the
 * current step's new length.
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
    const moved = before ? steps.findIndex((step) => step.id === before.id) : -1;
    stepIndex = moved >= 0 ? moved : Math.min(live.stepIndex, steps.length - 1);
    const after = steps[stepIndex];
    const stillCurrent = before !== undefined && after !== undefined && before.id === after.id;
    const sameLength = stillCurrent && before.minutes === after.minutes;
    // A different current step starts over; an unstarted timer takes the step's new length.
    if (after && (!stillCurrent || (!sameLength && timer.state === 'idle'))) timer = idleTimer(after.minutes);
  }
  await saveLiveState(db, workshopId, { stepIndex, timer, broadcast: live.broadcast });
}
