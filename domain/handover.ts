import type { Actor } from '#schemas/common.ts';
import { addHours } from './calendar.ts';
import type { RoutingRule } from './config/config.ts';
import { contextPacketOf } from './context-packet.ts';
import { dropDeadlines, handoverDeadline, putDeadline } from './deadlines.ts';
import type { Draft } from './draft.ts';
import { HandoverNoLongerPending, NotAllowedError } from './errors.ts';
import { routeOf } from './routing.ts';

/** Rules that are not routing rules: a handover raised because a case stalled. */
const STALLED_RULE = 'stalled';

const HOUR = 3_600;

const fallbackOf = (draft: Draft, team: string): string =>
  draft.config.teams.find((t) => t.id === team)?.fallback ?? team;

interface HandoverTarget {
  team: string;
  ruleId: string;
  priority: number;
  slaHours: number;
  reason: string;
}

const targetOfRule = (rule: RoutingRule): HandoverTarget => ({
  team: rule.team,
  ruleId: rule.id,
  priority: rule.priority,
  slaHours: rule.slaHours,
  reason: rule.description,
});

/** Asks a team to take the case; the sender stays the owner until it accepts. */
const requestHandover = (draft: Draft, target: HandoverTarget): void => {
  const c = draft.case;
  c.handoverCount += 1;
  const handoverId = `${c.caseId}-h${c.handoverCount}`;
  const slaDueAt = addHours(draft.at, target.slaHours);
  putDeadline(c, handoverDeadline(handoverId, draft.at, target.slaHours));
  c.handover = {
    handoverId,
    from: structuredClone(c.owner),
    to: target.team,
    ruleId: target.ruleId,
    rulesVersion: draft.config.routing.version,
    priority: target.priority,
    reason: target.reason,
    requestedAt: draft.at,
    slaDueAt,
    escalated: false,
    context: contextPacketOf(c),
  };
  draft.emit('Handover Requested', {
    handoverId,
    to: target.team,
    ruleId: target.ruleId,
    priority: target.priority,
    slaSeconds: Math.round(target.slaHours * HOUR),
    slaDueAt,
  });
  draft.record('handover-requested', `${target.ruleId}: ${target.reason}`);
};

/**
 * Routes the case by the rules as they stand: when no handover is in flight and the rule that
 * should decide names another team than the owner's, that team is asked to take it.
 */
const requestHandoverByRule = (draft: Draft): boolean => {
  const c = draft.case;
  if (c.status === 'closed' || c.handover) return false;
  const rule = routeOf(c, draft.config);
  if (!rule || rule.team === c.owner.team) return false;
  requestHandover(draft, targetOfRule(rule));
  return true;
};

const pendingHandover = (draft: Draft, handoverId: string) => {
  const handover = draft.case.handover;
  if (!handover || handover.handoverId !== handoverId)
    throw new HandoverNoLongerPending(handoverId);
  return handover;
};

const assertReceiver = (actor: Actor, team: string) => {
  if (actor.kind === 'agent' && !actor.teams.includes(team)) {
    throw new NotAllowedError(`only a member of ${team} may decide on this handover`);
  }
};

/** The receiving team takes ownership; the case then follows the rules from its new owner. */
const acceptHandover = (draft: Draft, handoverId: string): void => {
  const c = draft.case;
  const handover = pendingHandover(draft, handoverId);
  assertReceiver(draft.input.actor, handover.to);
  const from = c.owner;
  const agent = draft.input.actor.kind === 'agent' ? draft.input.actor.agentId : undefined;
  c.owner = { team: handover.to, ...(agent ? { agent } : {}) };
  delete c.handover;
  dropDeadlines(c, 'handover-acceptance', handoverId);
  draft.emit('Handover Accepted', { handoverId, by: agent ?? 'system' });
  draft.emit('Case Owner Changed', { from, reason: 'handover-accepted' });
  draft.record('handover-accepted');
  if (handover.ruleId !== STALLED_RULE && !handover.escalated) requestHandoverByRule(draft);
};

/**
 * The receiving team declines: it is excluded while the same rule decides, and the case goes to
 * the next team the rules name, or stays with the sender when there is none.
 */
const declineHandover = (draft: Draft, handoverId: string, reason: string): void => {
  const c = draft.case;
  const handover = pendingHandover(draft, handoverId);
  assertReceiver(draft.input.actor, handover.to);
  delete c.handover;
  dropDeadlines(c, 'handover-acceptance', handoverId);
  if (!c.routing.declined.includes(handover.to)) c.routing.declined.push(handover.to);
  const next = routeOf(c, draft.config);
  const nextTeam = next && next.team !== c.owner.team ? next.team : undefined;
  draft.emit('Handover Declined', {
    handoverId,
    by: draft.input.actor.kind === 'agent' ? draft.input.actor.agentId : 'system',
    team: handover.to,
    reason,
    ...(nextTeam ? { next: nextTeam } : {}),
  });
  draft.record('handover-declined', reason);
  if (next && nextTeam) requestHandover(draft, targetOfRule(next));
};

/**
 * The SLA passed without a decision. The first time, the receiving team's fallback is asked with
 * the escalation SLA; when that passes too, the fallback is made the owner. A fallback that already
 * owns the case is not asked to take it: the handover ends and the case stays with it.
 */
const handoverTimedOut = (draft: Draft, handoverId: string, escalated: boolean): void => {
  const c = draft.case;
  const handover = pendingHandover(draft, handoverId);
  if (handover.escalated !== escalated) throw new HandoverNoLongerPending(handoverId);
  const fallback = fallbackOf(draft, handover.to);
  if (!escalated && fallback !== handover.to && fallback !== c.owner.team) {
    const slaHours = draft.config.routing.escalationSlaHours;
    const slaDueAt = addHours(draft.at, slaHours);
    dropDeadlines(c, 'handover-acceptance', handoverId);
    putDeadline(c, handoverDeadline(handoverId, draft.at, slaHours));
    c.handover = { ...handover, to: fallback, escalated: true, slaDueAt };
    draft.emit('Handover Escalated', {
      handoverId,
      missedBy: handover.to,
      to: fallback,
      slaSeconds: Math.round(slaHours * HOUR),
      slaDueAt,
    });
    draft.record('handover-escalated', `${handover.to} did not decide within its SLA`);
    return;
  }
  delete c.handover;
  dropDeadlines(c, 'handover-acceptance', handoverId);
  const from = c.owner;
  const team = escalated ? handover.to : fallback;
  if (from.team !== team) {
    c.owner = { team };
    draft.emit('Case Owner Changed', { from, reason: 'escalation-assigned' });
  }
  draft.record('handover-assigned-to-fallback', `${handover.to} did not decide within its SLA`);
};

/** A case nobody touched goes to its owner's fallback (the team leads) to be picked up. */
const escalateStalled = (draft: Draft): void => {
  const c = draft.case;
  const fallback = fallbackOf(draft, c.owner.team);
  if (c.handover || fallback === c.owner.team) return;
  requestHandover(draft, {
    team: fallback,
    ruleId: STALLED_RULE,
    priority: 0,
    slaHours: draft.config.routing.escalationSlaHours,
    reason: `no activity for ${draft.config.policy.stallAfterDays} days`,
  });
};

/**
 * Calls off the handover in flight, if any, before anyone decided: the case was closed or
 * reassigned, or a different rule now decides who should own it. The sender still owns it.
 */
const withdrawHandover = (draft: Draft, reason: string): void => {
  const handover = draft.case.handover;
  if (!handover) return;
  delete draft.case.handover;
  dropDeadlines(draft.case, 'handover-acceptance', handover.handoverId);
  draft.emit('Handover Withdrawn', { handoverId: handover.handoverId, team: handover.to, reason });
  draft.record('handover-withdrawn', reason);
};

export {
  acceptHandover,
  declineHandover,
  escalateStalled,
  handoverTimedOut,
  requestHandoverByRule,
  withdrawHandover,
};
