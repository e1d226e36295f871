import { z } from 'zod';
import { deadline, stage } from './case.ts';
import { agentId, eventBase, externalId, instant, owner, teamId } from './common.ts';

/** The EventBridge `source` of every event Baton emits. */
const CASE_EVENTS_SOURCE = 'baton.cases';

/** Fields every case event shares: whose case, which owner now, and the correlation id. */
const caseEventBase = eventBase.extend({
  caseId: z.string().min(1),
  customerId: externalId,
  correlationId: z.string().min(1),
  owner,
  stage,
});

/**
 * `Case Opened`.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#1#0","occurredAt":"2026-12-03T08:00:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"bil-7f3a",
 *  "owner":{"team":"late-stage"},"stage":"late-arrears",
 *  "accountIds":["acc-88"]}
 */
const caseOpened = caseEventBase.extend({ accountIds: z.array(externalId) });

/**
 * `Case Owner Changed`: accountability moved; `from` owned it up to this instant.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#4#0","occurredAt":"2026-12-03T11:00:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"c-1",
 *  "owner":{"team":"specialist-support","agent":"agent-sol"},"stage":"specialist",
 *  "from":{"team":"late-stage"},"reason":"handover-accepted"}
 */
const caseOwnerChanged = caseEventBase.extend({
  from: owner,
  reason: z.enum(['handover-accepted', 'escalation-assigned', 'reassigned']),
});

/**
 * `Handover Requested`: one Step Functions execution per `handoverId` waits for acceptance.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#3#0","occurredAt":"2026-12-03T10:00:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"crm-77",
 *  "owner":{"team":"late-stage"},"stage":"specialist",
 *  "handoverId":"case-fed91d0046d699d477b5-h1","to":"specialist-support",
 *  "ruleId":"vulnerable-customer","priority":70,"slaSeconds":86400,
 *  "slaDueAt":"2026-12-04T10:00:00.000Z"}
 */
const handoverRequested = caseEventBase.extend({
  handoverId: z.string(),
  to: teamId,
  ruleId: z.string(),
  priority: z.int(),
  slaSeconds: z.int().positive(),
  slaDueAt: instant,
});

/**
 * `Handover Accepted`.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#4#0","occurredAt":"2026-12-03T11:00:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"c-1",
 *  "owner":{"team":"specialist-support","agent":"agent-sol"},"stage":"specialist",
 *  "handoverId":"case-fed91d0046d699d477b5-h1","by":"agent-sol"}
 */
const handoverAccepted = caseEventBase.extend({ handoverId: z.string(), by: agentId });

/**
 * `Handover Declined`; `next` is the team now asked, absent when the case stays with the sender.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#4#0","occurredAt":"2026-12-03T11:00:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"c-2",
 *  "owner":{"team":"late-stage"},"stage":"specialist",
 *  "handoverId":"case-fed91d0046d699d477b5-h1","by":"agent-sol","team":"specialist-support",
 *  "reason":"Not a vulnerability case."}
 */
const handoverDeclined = caseEventBase.extend({
  handoverId: z.string(),
  by: agentId,
  team: teamId,
  reason: z.string(),
  next: teamId.optional(),
});

/**
 * `Handover Escalated`: the receiving team missed its SLA; its fallback is asked instead.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#4#0","occurredAt":"2026-12-04T10:00:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"case-fed91d0046d699d477b5-h1",
 *  "owner":{"team":"late-stage"},"stage":"specialist",
 *  "handoverId":"case-fed91d0046d699d477b5-h1","missedBy":"specialist-support",
 *  "to":"team-leads","slaSeconds":14400,"slaDueAt":"2026-12-04T14:00:00.000Z"}
 */
const handoverEscalated = caseEventBase.extend({
  handoverId: z.string(),
  missedBy: teamId,
  to: teamId,
  slaSeconds: z.int().positive(),
  slaDueAt: instant,
});

/**
 * `Handover Withdrawn`: the handover was called off before anyone decided (a different rule now
 * decides, a team lead reassigned the case, or it closed); its workflow ends at its next step.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#5#0","occurredAt":"2026-12-03T12:00:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"frd-4",
 *  "owner":{"team":"late-stage"},"stage":"specialist",
 *  "handoverId":"case-fed91d0046d699d477b5-h1","team":"specialist-support",
 *  "reason":"fraud-suspected now decides"}
 */
const handoverWithdrawn = caseEventBase.extend({
  handoverId: z.string(),
  team: teamId,
  reason: z.string(),
});

/** The protections that pause collection. */
const pauseReason = z.enum(['breathing-space', 'fraud-investigation']);

/**
 * `Case Paused`: collection stops for a protection; `until` is the day it ends, when known.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#2#0","occurredAt":"2026-12-03T09:00:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"ins-501",
 *  "owner":{"team":"late-stage"},"stage":"specialist",
 *  "pausedFor":"breathing-space","until":"2027-01-31"}
 */
const casePaused = caseEventBase.extend({ pausedFor: pauseReason, until: z.string().optional() });

/**
 * `Case Resumed`: the protection ended and collection may resume.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#9#0","occurredAt":"2027-02-01T00:00:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"tick@2027-02-01T00:00:00Z",
 *  "owner":{"team":"late-stage"},"stage":"late-arrears",
 *  "pausedFor":"breathing-space"}
 */
const caseResumed = caseEventBase.extend({ pausedFor: pauseReason });

/**
 * `Deadline Approaching`: a deadline falls due within the policy's warning hours.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#6#0","occurredAt":"2026-12-17T00:00:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"tick@2026-12-17T00:00:00Z",
 *  "owner":{"team":"late-stage"},"stage":"late-arrears",
 *  "deadline":{"deadlineId":"arrears-notice:acc-88","kind":"arrears-notice",
 *  "dueAt":"2026-12-17T23:59:59.999Z","ref":"acc-88","warned":true,"breached":false}}
 */
const deadlineApproaching = caseEventBase.extend({ deadline });

/**
 * `Deadline Breached`: a deadline passed with its duty undone.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#7#0","occurredAt":"2026-12-18T00:00:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"tick@2026-12-18T00:00:00Z",
 *  "owner":{"team":"late-stage"},"stage":"late-arrears",
 *  "deadline":{"deadlineId":"arrears-notice:acc-88","kind":"arrears-notice",
 *  "dueAt":"2026-12-17T23:59:59.999Z","ref":"acc-88","warned":true,"breached":true}}
 */
const deadlineBreached = caseEventBase.extend({ deadline });

/**
 * `Case Stalled`: nothing has happened on an open case for too long.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#2#0","occurredAt":"2026-12-17T08:00:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"tick@2026-12-17T08:00:00Z",
 *  "owner":{"team":"late-stage"},"stage":"late-arrears",
 *  "lastActivityAt":"2026-12-03T08:00:00Z","idleDays":14}
 */
const caseStalled = caseEventBase.extend({ lastActivityAt: instant, idleDays: z.int() });

/**
 * `Case Closed`: the owner at closing stays accountable for the case as it was closed.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#8#0","occurredAt":"2026-12-20T12:00:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"bil-7f3d",
 *  "owner":{"team":"late-stage"},"stage":"closed",
 *  "reason":"settled"}
 */
const caseClosed = caseEventBase.extend({ reason: z.string() });

/**
 * `Case Changed`: one step of a change was recorded (any step, notes and contacts included); the
 * live views refresh from it. `formerTeams` are the teams the step took the case from (its owner
 * before, or the team a handover was asked of), so their views can let it go.
 * @example {"schemaVersion":1,"eventId":"case-fed91d0046d699d477b5#7#0","occurredAt":"2026-12-05T09:30:00Z",
 *  "caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","correlationId":"c-9",
 *  "owner":{"team":"specialist-support","agent":"agent-sol"},"stage":"specialist",
 *  "seq":7,"action":"handover-accepted","formerTeams":["late-stage"]}
 */
const caseChanged = caseEventBase.extend({
  seq: z.int().positive(),
  action: z.string(),
  formerTeams: z.array(teamId).optional(),
});

/** Every event Baton emits, by its EventBridge detail-type. */
const caseEventSchemas = {
  'Case Opened': caseOpened,
  'Case Owner Changed': caseOwnerChanged,
  'Handover Requested': handoverRequested,
  'Handover Accepted': handoverAccepted,
  'Handover Declined': handoverDeclined,
  'Handover Escalated': handoverEscalated,
  'Handover Withdrawn': handoverWithdrawn,
  'Case Paused': casePaused,
  'Case Resumed': caseResumed,
  'Deadline Approaching': deadlineApproaching,
  'Deadline Breached': deadlineBreached,
  'Case Stalled': caseStalled,
  'Case Closed': caseClosed,
  'Case Changed': caseChanged,
} as const;

type CaseEventSchemas = typeof caseEventSchemas;
type CaseEventType = keyof CaseEventSchemas;

/** One emitted event: its detail-type and its detail. */
type CaseEvent = {
  [K in CaseEventType]: { detailType: K; detail: z.infer<CaseEventSchemas[K]> };
}[CaseEventType];

type CaseOpened = z.infer<typeof caseOpened>;
type CaseOwnerChanged = z.infer<typeof caseOwnerChanged>;
type HandoverRequested = z.infer<typeof handoverRequested>;
type HandoverAccepted = z.infer<typeof handoverAccepted>;
type HandoverDeclined = z.infer<typeof handoverDeclined>;
type HandoverEscalated = z.infer<typeof handoverEscalated>;
type HandoverWithdrawn = z.infer<typeof handoverWithdrawn>;
type CasePaused = z.infer<typeof casePaused>;
type CaseResumed = z.infer<typeof caseResumed>;
type DeadlineApproaching = z.infer<typeof deadlineApproaching>;
type DeadlineBreached = z.infer<typeof deadlineBreached>;
type CaseStalled = z.infer<typeof caseStalled>;
type CaseClosed = z.infer<typeof caseClosed>;
type CaseChanged = z.infer<typeof caseChanged>;

export type {
  CaseChanged,
  CaseClosed,
  CaseEvent,
  CaseEventType,
  CaseOpened,
  CaseOwnerChanged,
  CasePaused,
  CaseResumed,
  CaseStalled,
  DeadlineApproaching,
  DeadlineBreached,
  HandoverAccepted,
  HandoverDeclined,
  HandoverEscalated,
  HandoverRequested,
  HandoverWithdrawn,
};
export { CASE_EVENTS_SOURCE, caseEventSchemas };
