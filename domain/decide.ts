import { createHash } from 'node:crypto';
import type { AuditRecord } from '#schemas/audit-record.ts';
import { GENESIS_HASH } from '#schemas/audit-record.ts';
import type { Case } from '#schemas/case.ts';
import type { CaseEvent } from '#schemas/case-events.ts';
import * as billing from './apply-billing.ts';
import { applyTick } from './apply-clock.ts';
import { applyCommand } from './apply-commands.ts';
import * as signals from './apply-signals.ts';
import { closeCase, finishedBecause } from './closing.ts';
import type { BatonConfig } from './config/config.ts';
import { Draft } from './draft.ts';
import { CaseClosedError, HandoverNoLongerPending } from './errors.ts';
import { handoverTimedOut, requestHandoverByRule, withdrawHandover } from './handover.ts';
import type { CaseInput, EventInput } from './inputs.ts';
import { NO_PROTECTIONS } from './protections.ts';
import { routeOf, topRule } from './routing.ts';

/** What one input did to a case. */
interface Decision {
  /** `duplicate`: the input was seen before; `ignored`: it had nothing to act on. */
  outcome: 'applied' | 'duplicate' | 'ignored';
  /** The case after the input; undefined only when there was none and none was opened. */
  case: Case | undefined;
  events: CaseEvent[];
  audit: AuditRecord[];
  reason?: string;
}

const unchanged = (
  c: Case | undefined,
  outcome: Decision['outcome'],
  reason?: string,
): Decision => ({
  outcome,
  case: c,
  events: [],
  audit: [],
  ...(reason ? { reason } : {}),
});

const applyEvent = (draft: Draft, { event }: EventInput) => {
  switch (event.detailType) {
    case 'Account In Arrears':
      return billing.accountInArrears(draft, event.detail);
    case 'Payment Received':
      return billing.paymentReceived(draft, event.detail);
    case 'Payment Missed':
      return billing.paymentMissed(draft, event.detail);
    case 'Account Settled':
      return billing.accountSettled(draft, event.detail);
    case 'Breathing Space Started':
      return signals.breathingSpaceStarted(draft, event.detail);
    case 'Breathing Space Ended':
      return signals.breathingSpaceEnded(draft, event.detail);
    case 'Vulnerability Disclosed':
      return signals.vulnerabilityDisclosed(draft, event.detail);
    case 'Complaint Received':
      return signals.complaintReceived(draft, event.detail);
    case 'Complaint Resolved':
      return signals.complaintResolved(draft, event.detail);
    case 'Fraud Suspected':
      return signals.fraudSuspected(draft, event.detail);
    case 'Fraud Cleared':
      return signals.fraudCleared(draft, event.detail);
    case 'Debt Adviser Registered':
      return signals.debtAdviserRegistered(draft, event.detail);
  }
};

/** Events that mean there is something to handle even when the customer has no open case. */
const OPENING_EVENTS = new Set([
  'Account In Arrears',
  'Payment Missed',
  'Breathing Space Started',
  'Vulnerability Disclosed',
  'Complaint Received',
  'Fraud Suspected',
  'Debt Adviser Registered',
]);

const emptyCase = (input: EventInput, config: BatonConfig): Case => {
  const { customerId } = input.event.detail;
  // Derived from the opening input, so a redelivery opens the same case; and carrying no customer
  // id, so logs, execution names and URLs that name the case name nobody.
  const digest = createHash('sha256').update(`${customerId}\n${input.inputId}`).digest('hex');
  const catchAll = config.routing.rules.at(-1);
  return {
    caseId: `case-${digest.slice(0, 20)}`,
    customerId,
    status: 'open',
    stage: 'early-arrears',
    owner: { team: catchAll?.team ?? config.teams[0]?.id ?? 'unassigned' },
    accounts: {},
    flags: { financialDifficulty: false, complaints: [] },
    promises: [],
    notes: [],
    contacts: [],
    handoverCount: 0,
    routing: { ruleId: catchAll?.id ?? '', declined: [] },
    protections: NO_PROTECTIONS,
    deadlines: [],
    seenInputIds: [],
    version: 0,
    auditSeq: 0,
    auditHash: GENESIS_HASH,
    openedAt: input.at,
    updatedAt: input.at,
    lastActivityAt: input.at,
  };
};

/**
 * Opens a case from its first event. The event is applied first, so the owner is the team the
 * rules name for what the event says; the first audit record then holds the whole opening state.
 */
const openCase = (input: EventInput, config: BatonConfig): Draft => {
  const empty = emptyCase(input, config);
  const scratch = new Draft(empty, input, config);
  applyEvent(scratch, input);
  const opened = scratch.case;
  const top = topRule(opened, config);
  opened.owner = { team: top.team };
  opened.routing = { ruleId: top.id, declined: [] };
  opened.protections = NO_PROTECTIONS;
  opened.auditSeq = 0;
  opened.auditHash = GENESIS_HASH;
  // Nothing was there before: the opening record's changes hold every field from null.
  const draft = new Draft(opened, input, config, {} as Case);
  draft.refresh();
  draft.emit('Case Opened', { accountIds: Object.keys(opened.accounts) });
  draft.record('case-opened', `${input.event.detailType}; routed by ${top.id}`);
  return draft;
};

/** When a different rule comes out on top, the case is routed afresh. */
const rerouteIfRuleChanged = (draft: Draft): void => {
  const c = draft.case;
  if (c.status === 'closed') return;
  const top = topRule(c, draft.config);
  if (top.id === c.routing.ruleId) return;
  const previous = c.routing.ruleId;
  c.routing = { ruleId: top.id, declined: [] };
  // A handover asked for under the old rule is called off when the new one names another team:
  // suspected fraud must not wait for specialist support to answer first.
  const withdrawn = c.handover !== undefined && routeOf(c, draft.config)?.team !== c.handover.to;
  if (withdrawn) withdrawHandover(draft, `${top.id} now decides`);
  if (!requestHandoverByRule(draft) && !withdrawn) {
    draft.record('routing-rule-changed', `${previous} -> ${top.id}`);
  }
};

const applyInput = (draft: Draft) => {
  const { input } = draft;
  switch (input.kind) {
    case 'event':
      return applyEvent(draft, input);
    case 'command':
      return applyCommand(draft, input);
    case 'handover-timeout':
      return handoverTimedOut(draft, input.handoverId, input.escalated);
    case 'tick':
      return applyTick(draft);
  }
};

const finish = (draft: Draft, current: Case | undefined): Decision => {
  if (draft.audit.length === 0) return unchanged(current, 'ignored', 'nothing was due');
  const c = draft.case;
  c.version += 1;
  c.updatedAt = draft.at;
  if (draft.input.kind !== 'tick') {
    const kept = draft.config.policy.seenInputIdsKept;
    c.seenInputIds = [...c.seenInputIds, draft.input.inputId].slice(-kept);
  }
  return { outcome: 'applied', case: c, events: draft.events, audit: draft.audit };
};

/**
 * The one transition of the domain: applies an input to a customer's case (or to no case) and
 * returns the case after it, the events to publish and the audit records of every step. Pure: the
 * same case and input always give the same decision, and no decision leaves a case ownerless.
 *
 * @example decide(current, { kind: 'event', inputId, at, correlationId, actor, event }, config)
 */
const decide = (current: Case | undefined, input: CaseInput, config: BatonConfig): Decision => {
  // A closed case still remembers its inputs, so a late redelivery cannot open a new case.
  if (current?.seenInputIds.includes(input.inputId)) return unchanged(current, 'duplicate');
  const open = current?.status === 'open' ? current : undefined;
  if (!open) {
    if (input.kind === 'command') throw new CaseClosedError(current?.caseId ?? 'for this customer');
    if (input.kind === 'handover-timeout') throw new HandoverNoLongerPending(input.handoverId);
    if (input.kind === 'tick' || !OPENING_EVENTS.has(input.event.detailType)) {
      return unchanged(current, 'ignored', 'the customer has no open case');
    }
    const draft = openCase(input, config);
    // A snapshot of an account with nothing behind gives the case nothing to do from its start.
    if (finishedBecause(draft.case)) return unchanged(current, 'ignored', 'nothing is in arrears');
    rerouteIfRuleChanged(draft);
    return finish(draft, undefined);
  }
  const draft = new Draft(open, input, config);
  applyInput(draft);
  if (draft.audit.length === 0) return unchanged(open, 'ignored', 'nothing was due');
  // A case with nothing left to do closes before routing looks at it: once its accounts are
  // settled its facts fall back to the catch-all rule, which would otherwise ask another team to
  // take it and keep it open.
  const finished = draft.case.status === 'open' ? finishedBecause(draft.case) : undefined;
  if (finished) closeCase(draft, finished);
  else rerouteIfRuleChanged(draft);
  return finish(draft, open);
};

export type { Decision };
export { decide };
