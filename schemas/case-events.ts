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
 * @example {"schemaVersion":1,"eventId":"case-cus-1042-1#1#0","caseId":"case-cus-1042-1",
 *  "customerId":"cus-1042","correlationId":"bil-7f3a","owner":{"team":"late-stage"},
 *  "stage":"late-arrears","accountIds":["acc-88"],"occurredAt":"2026-12-03T08:00:00Z"}
 */
const caseOpened = caseEventBase.extend({ accountIds: z.array(externalId) });

/**
 * `Case Owner Changed`: accountability moved; `from` owned it up to this instant.
 * @example {..., "from":{"team":"front-line"},"owner":{"team":"specialist-support",
 *  "agent":"agent-sol"},"reason":"handover-accepted"}
 */
const caseOwnerChanged = caseEventBase.extend({
  from: owner,
  reason: z.enum(['handover-accepted', 'escalation-assigned', 'reassigned']),
});

/**
 * `Handover Requested`: one Step Functions execution per `handoverId` waits for acceptance.
 * @example {..., "handoverId":"case-cus-1042-1-h1","to":"specialist-support",
 *  "ruleId":"vulnerability","slaSeconds":86400,"slaDueAt":"2026-12-04T10:00:00Z"}
 */
const handoverRequested = caseEventBase.extend({
  handoverId: z.string(),
  to: teamId,
  ruleId: z.string(),
  priority: z.int(),
  slaSeconds: z.int().positive(),
  slaDueAt: instant,
});

/** `Handover Accepted`. @example {..., "handoverId":"case-cus-1042-1-h1","by":"agent-sol"} */
const handoverAccepted = caseEventBase.extend({ handoverId: z.string(), by: agentId });

/**
 * `Handover Declined`; `next` is the team now asked, absent when the case stays with the sender.
 * @example {..., "handoverId":"case-cus-1042-1-h1","by":"agent-sol","team":"specialist-support",
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
 * @example {..., "handoverId":"case-cus-1042-1-h1","missedBy":"specialist-support",
 *  "to":"team-leads","slaSeconds":14400,"slaDueAt":"2026-12-04T14:00:00Z"}
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
 * @example {..., "handoverId":"case-cus-1042-1-h1","team":"specialist-support",
 *  "reason":"fraud-suspected now decides"}
 */
const handoverWithdrawn = caseEventBase.extend({
  handoverId: z.string(),
  team: teamId,
  reason: z.string(),
});

/** The protections that pause collection. */
const pauseReason = z.enum(['breathing-space', 'fraud-investigation']);

/** `Case Paused`. @example {..., "pausedFor":"breathing-space","until":"2027-02-01"} */
const casePaused = caseEventBase.extend({ pausedFor: pauseReason, until: z.string().optional() });

/** `Case Resumed`. @example {..., "pausedFor":"breathing-space"} */
const caseResumed = caseEventBase.extend({ pausedFor: pauseReason });

/** `Deadline Approaching`. @example {..., "deadline":{"kind":"complaint-final-response",...}} */
const deadlineApproaching = caseEventBase.extend({ deadline });

/** `Deadline Breached`. @example {..., "deadline":{"kind":"arrears-notice",...}} */
const deadlineBreached = caseEventBase.extend({ deadline });

/** `Case Stalled`: nothing has happened on an open case for too long. */
const caseStalled = caseEventBase.extend({ lastActivityAt: instant, idleDays: z.int() });

/** `Case Closed`. @example {..., "reason":"paid"} */
const caseClosed = caseEventBase.extend({ reason: z.string() });

/**
 * `Case Changed`: one step of a change was recorded (any step, notes and contacts included); the
 * live views refresh from it.
 * @example {..., "seq":7,"action":"note-added"}
 */
const caseChanged = caseEventBase.extend({ seq: z.int().positive(), action: z.string() });

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

export type { CaseEvent, CaseEventType };
export { CASE_EVENTS_SOURCE, caseEventSchemas };
