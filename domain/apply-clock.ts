import type { Deadline } from '#schemas/case.ts';
import { liftBreathingSpace } from './apply-signals.ts';
import { addHours } from './calendar.ts';
import { dropDeadlines, WARNED_KINDS } from './deadlines.ts';
import type { Draft } from './draft.ts';
import { escalateStalled, handoverTimedOut } from './handover.ts';

const due = (d: Deadline, at: string) => Date.parse(d.dueAt) <= Date.parse(at);

/** A handover's own workflow times it out; the sweep steps in only after this grace. */
const SWEEP_GRACE_HOURS = 0.25;

/**
 * Time passed: due handovers escalate, due promises break, a lapsed breathing space lifts,
 * compliance deadlines warn and then breach, and a case nobody touched stalls.
 */
const applyTick = (draft: Draft): void => {
  const c = draft.case;
  const { policy } = draft.config;
  for (const d of [...c.deadlines]) {
    if (d.breached) continue;
    if (d.kind === 'handover-acceptance') {
      if (c.handover && Date.parse(addHours(d.dueAt, SWEEP_GRACE_HOURS)) <= Date.parse(draft.at)) {
        handoverTimedOut(draft, c.handover.handoverId, c.handover.escalated);
      }
    } else if (d.kind === 'promise-to-pay' && due(d, draft.at)) {
      const promise = c.promises.find((p) => p.promiseId === d.ref);
      if (promise) promise.status = 'broken';
      dropDeadlines(c, 'promise-to-pay', d.ref);
      draft.record('promise-broken', d.ref);
    } else if (d.kind === 'breathing-space-review' && due(d, draft.at)) {
      // The midway review is the debt adviser's to carry out; when its window closes the case
      // notes it, and the moratorium simply continues unless the adviser cancelled it.
      dropDeadlines(c, 'breathing-space-review', d.ref);
      draft.record('breathing-space-review-window-closed', d.ref);
    } else if (d.kind === 'breathing-space-end' && due(d, draft.at)) {
      liftBreathingSpace(c);
      draft.record('breathing-space-ended', 'the moratorium ran its course');
    } else if (due(d, draft.at)) {
      d.breached = true;
      draft.emit('Deadline Breached', { deadline: d });
      draft.record('deadline-breached', d.deadlineId);
    } else if (
      WARNED_KINDS.has(d.kind) &&
      !d.warned &&
      Date.parse(d.dueAt) - policy.approachingHours * 3_600_000 <= Date.parse(draft.at)
    ) {
      d.warned = true;
      draft.emit('Deadline Approaching', { deadline: d });
      draft.record('deadline-approaching', d.deadlineId);
    }
  }
  const idleMs = Date.parse(draft.at) - Date.parse(c.lastActivityAt);
  const idleDays = Math.floor(idleMs / 86_400_000);
  if (c.status === 'open' && !c.stalledAt && idleDays >= policy.stallAfterDays) {
    c.stalledAt = draft.at;
    draft.emit('Case Stalled', { lastActivityAt: c.lastActivityAt, idleDays });
    draft.record('case-stalled', `no activity for ${idleDays} days`);
    escalateStalled(draft);
  }
};

export { applyTick };
