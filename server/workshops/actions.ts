/**
 * Changes to the live session (`POST /api/workshops/:id/actions`): who may do which action, what
 * each does to the step, timer, broadcast and hands, and the transaction that stores and audits it.
 * Only facilitators steer; participants raise and lower their own hand.
 */
import type { Kysely } from 'kysely';
import type { AgendaStep, WorkshopAction } from '../../shared/workshops';
import type { AuditRecord } from '../audit/store';
import { recordAudit } from '../audit/store';
import type { Database } from '../db/schema';
import { ApiException } from '../http/errors';
import type { WorkshopAccess } from './access';
import type { LiveState } from './state';
import { bumpRevision, readLiveState, saveLiveState } from './state';
import { findMember, listSteps, setHand } from './store';
import { extendTimer, idleTimer, pauseTimer, startTimer } from './timer';

/** Actions only a facilitator may take. */
const FACILITATOR_ACTIONS: ReadonlySet<WorkshopAction['type']> = new Set([
  'goToStep',
  'nextStep',
  'previousStep',
  'timerStart',
  'timerPause',
  'timerReset',
  'timerExtend',
  'broadcast',
  'clearBroadcast',
]);

/** What one action changes: the live state row, or one hand; plus what to audit. */
interface ActionPlan {
  live?: Omit<LiveState, 'revision'>;
  hand?: { userId: string; raisedAt: string | null };
  audit?: Pick<AuditRecord, 'action' | 'detail'>;
}

function badRequest(message: string): ApiException {
  return new ApiException(400, 'bad_request', message);
}

/** The live state moved to step `index`: its timer idle with that step's minutes. */
function moveTo(live: LiveState, steps: readonly AgendaStep[], index: number): ActionPlan {
  const step = steps[index];
  if (!step) throw badRequest(`There is no step ${index + 1}: the agenda has ${steps.length}.`);
  return {
    live: { stepIndex: index, timer: idleTimer(step.minutes), broadcast: live.broadcast },
    audit: { action: 'workshop.step_changed', detail: { from: live.stepIndex, to: index } },
  };
}

/** Decides what `action` does (pure apart from the clock in `now`); throws 403/400 when it may not. */
export function planAction(
  action: WorkshopAction,
  context: { access: WorkshopAccess; live: LiveState; steps: readonly AgendaStep[]; now: number },
): ActionPlan {
  const { access, live, steps, now } = context;
  const me = access.auth.user;
  if (FACILITATOR_ACTIONS.has(action.type) && access.role !== 'facilitator') {
    throw new ApiException(403, 'forbidden', 'Only the facilitator can do that.');
  }
  const withTimer = (timer: LiveState['timer']): ActionPlan => ({ live: { stepIndex: live.stepIndex, timer, broadcast: live.broadcast } });
  switch (action.type) {
    case 'goToStep':
      return moveTo(live, steps, action.index);
    case 'nextStep':
      if (live.stepIndex + 1 >= steps.length) throw badRequest('This is the last step.');
      return moveTo(live, steps, live.stepIndex + 1);
    case 'previousStep':
      if (live.stepIndex === 0) throw badRequest('This is the first step.');
      return moveTo(live, steps, live.stepIndex - 1);
    case 'timerStart':
      return withTimer(startTimer(live.timer, now));
    case 'timerPause':
      return withTimer(pauseTimer(live.timer, now));
    case 'timerReset':
      return withTimer(idleTimer(steps[live.stepIndex]?.minutes ?? 0));
    case 'timerExtend':
      return withTimer(extendTimer(live.timer, action.minutes, now));
    case 'broadcast':
      return {
        live: { stepIndex: live.stepIndex, timer: live.timer, broadcast: { text: action.text, at: new Date(now).toISOString(), by: me.id } },
        // The message's length, never its text: the audit log holds no free text.
        audit: { action: 'workshop.broadcast', detail: { length: action.text.length } },
      };
    case 'clearBroadcast':
      return { live: { stepIndex: live.stepIndex, timer: live.timer, broadcast: null }, audit: { action: 'workshop.broadcast', detail: { cleared: true } } };
    case 'raiseHand':
      if (access.role !== 'participant') throw new ApiException(403, 'forbidden', 'Only participants raise their hand.');
      return { hand: { userId: me.id, raisedAt: new Date(now).toISOString() } };
    case 'lowerHand': {
      const userId = action.userId ?? me.id;
      if (userId !== me.id && access.role !== 'facilitator') throw new ApiException(403, 'forbidden', 'You can only lower your own hand.');
      return { hand: { userId, raisedAt: null } };
    }
  }
}

function sameLive(a: Omit<LiveState, 'revision'>, b: Omit<LiveState, 'revision'>): boolean {
  return JSON.stringify([a.stepIndex, a.timer, a.broadcast]) === JSON.stringify([b.stepIndex, b.timer, b.broadcast]);
}

/**
 * Applies one action in one transaction: reads the state, plans, stores, audits. Returns whether
 * anything changed (a repeated "raise hand" or a pause of a paused timer changes nothing, and
 * bumps no revision).
 */
export async function performAction(db: Kysely<Database>, access: WorkshopAccess, action: WorkshopAction, ip: string | null): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const [live, steps] = await Promise.all([readLiveState(trx, access.workshopId), listSteps(trx, access.workshopId)]);
    const plan = planAction(action, { access, live, steps, now: Date.now() });
    let changed = false;
    if (plan.live && !sameLive(plan.live, live)) {
      await saveLiveState(trx, access.workshopId, plan.live);
      changed = true;
    }
    if (plan.hand) changed = (await applyHand(trx, access.workshopId, plan.hand)) || changed;
    if (changed && plan.audit) {
      await recordAudit(trx, { ...plan.audit, actorId: access.auth.user.id, detail: { workshopId: access.workshopId, ...plan.audit.detail }, ip });
    }
    return changed;
  });
}

/** Raises or lowers a hand; a raised hand keeps its first time. Bumps the revision if it changed. */
async function applyHand(db: Kysely<Database>, workshopId: string, hand: { userId: string; raisedAt: string | null }): Promise<boolean> {
  const member = await findMember(db, workshopId, hand.userId);
  if (!member) throw badRequest('That person is not in this workshop.');
  const isRaised = member.hand_raised_at !== null;
  if (isRaised === (hand.raisedAt !== null)) return false;
  await setHand(db, workshopId, hand.userId, hand.raisedAt);
  await bumpRevision(db, workshopId);
  return true;
}
