import { z } from 'zod';
import {
  agentId,
  calendarDate,
  channel,
  currency,
  externalId,
  instant,
  minorUnits,
  owner,
  teamId,
  text,
} from './common.ts';
import { consentRecord, vulnerabilityDriver } from './signals.ts';

/** The stages a case moves through; derived from its facts, never set by hand. */
const stage = z.enum(['early-arrears', 'late-arrears', 'specialist', 'recovery', 'closed']);
type Stage = z.infer<typeof stage>;

/** One account in arrears, as its latest billing event left it. */
const account = z.object({
  accountId: externalId,
  product: z.string().min(1).max(64),
  currency,
  arrearsMinor: minorUnits,
  balanceMinor: minorUnits,
  daysPastDue: z.int().nonnegative(),
  missedPayments: z.int().nonnegative(),
  settled: z.boolean(),
  asOf: instant,
});
type Account = z.infer<typeof account>;

/** The kinds of deadline a case can carry. */
const deadlineKind = z.enum([
  'handover-acceptance',
  'complaint-summary-resolution',
  'complaint-final-response',
  'breathing-space-review',
  'breathing-space-end',
  'arrears-notice',
  'promise-to-pay',
]);
type DeadlineKind = z.infer<typeof deadlineKind>;

/** An open deadline; `opensAt` marks the start of a window (the breathing-space review). */
const deadline = z.object({
  deadlineId: z.string().min(1),
  kind: deadlineKind,
  dueAt: instant,
  opensAt: instant.optional(),
  ref: z.string().optional(),
  warned: z.boolean(),
  breached: z.boolean(),
});
type Deadline = z.infer<typeof deadline>;

/** Vulnerability as disclosed; `circumstances` and `needs` are kept only with consent. */
const vulnerability = z.object({
  drivers: z.array(vulnerabilityDriver).min(1),
  needs: z.array(z.string()),
  circumstances: z.string().optional(),
  consent: consentRecord,
  disclosedAt: instant,
});

const complaint = z.object({
  complaintId: externalId,
  category: z.string(),
  channel,
  summary: z.string(),
  receivedAt: instant,
});

const fraud = z.object({
  referenceId: externalId,
  reason: z.string(),
  notes: z.string(),
  suspectedAt: instant,
});

/** A breathing-space moratorium; `endsOn` is unknown for a crisis one until treatment ends. */
const breathingSpace = z.object({
  reference: externalId,
  kind: z.enum(['standard', 'mental-health-crisis']),
  startDate: calendarDate,
  endsOn: calendarDate.optional(),
});
type BreathingSpace = z.infer<typeof breathingSpace>;

/** What is true of the customer beyond the numbers. */
const flags = z.object({
  vulnerability: vulnerability.optional(),
  financialDifficulty: z.boolean(),
  complaints: z.array(complaint),
  fraud: fraud.optional(),
  breathingSpace: breathingSpace.optional(),
  debtAdviser: z.object({ name: z.string(), organisation: z.string() }).optional(),
});
type Flags = z.infer<typeof flags>;

const promiseToPay = z.object({
  promiseId: z.string(),
  accountId: externalId.optional(),
  amountMinor: minorUnits,
  currency,
  dueDate: calendarDate,
  status: z.enum(['open', 'kept', 'broken']),
  madeAt: instant,
  madeBy: agentId,
});
type PromiseToPay = z.infer<typeof promiseToPay>;

const note = z.object({
  at: instant,
  by: agentId,
  team: teamId,
  text: text(4_000),
  restricted: z.boolean(),
});

const contact = z.object({
  at: instant,
  by: agentId,
  channel,
  direction: z.enum(['inbound', 'outbound']),
  purpose: z.enum(['collection', 'support', 'complaint', 'welfare']),
  summary: text(2_000),
});

/** What travels with a handover so the customer never has to explain twice. */
const contextPacket = z.object({
  summary: z.string(),
  circumstances: z.string().optional(),
  needs: z.array(z.string()),
  promises: z.array(promiseToPay),
  recentOutcomes: z.array(z.string()),
  openDeadlines: z.array(deadline),
});
type ContextPacket = z.infer<typeof contextPacket>;

/** The handover in flight: the sender (`from`) owns the case until `to` accepts. */
const handover = z.object({
  handoverId: z.string(),
  from: owner,
  to: teamId,
  ruleId: z.string(),
  rulesVersion: z.string(),
  priority: z.int(),
  reason: z.string(),
  requestedAt: instant,
  slaDueAt: instant,
  escalated: z.boolean(),
  context: contextPacket,
});
type Handover = z.infer<typeof handover>;

/**
 * The rule that last decided the owner, and the teams that declined while it held; routing runs
 * again when a different rule comes out on top.
 */
const routingState = z.object({ ruleId: z.string(), declined: z.array(teamId) });

/** What the case's protections stop right now, and why. */
const protections = z.object({
  collectionContactPaused: z.boolean(),
  interestAndFeesFrozen: z.boolean(),
  enforcementStopped: z.boolean(),
  reasons: z.array(z.enum(['breathing-space', 'fraud-investigation', 'debt-adviser'])),
});
type Protections = z.infer<typeof protections>;

/**
 * The case: one per customer while open, always with an owner.
 *
 * @example
 * {"caseId":"case-fed91d0046d699d477b5","customerId":"cus-1042","status":"open",
 *  "stage":"late-arrears","owner":{"team":"late-stage"},
 *  "accounts":{"acc-88":{"accountId":"acc-88","product":"credit-card","currency":"GBP",
 *  "arrearsMinor":12550,"balanceMinor":184000,"daysPastDue":34,"missedPayments":2,
 *  "settled":false,"asOf":"2026-12-03T08:00:00Z"}},"flags":{"financialDifficulty":false,
 *  "complaints":[]},"promises":[],"notes":[],"contacts":[],"handoverCount":0,
 *  "routing":{"ruleId":"late-arrears","declined":[]},
 *  "protections":{"collectionContactPaused":false,"interestAndFeesFrozen":false,
 *  "enforcementStopped":false,"reasons":[]},"deadlines":[{"deadlineId":"arrears-notice:acc-88",
 *  "kind":"arrears-notice","dueAt":"2026-12-17T23:59:59.999Z","ref":"acc-88","warned":false,
 *  "breached":false}],"seenInputIds":["bil-7f3a"],"version":1,"auditSeq":1,
 *  "auditHash":"d5b92f135c24e4d722ddd45db27ae2d595621fa16a182eec8b68af9f4b3093eb",
 *  "openedAt":"2026-12-03T08:00:00Z","updatedAt":"2026-12-03T08:00:00Z",
 *  "lastActivityAt":"2026-12-03T08:00:00Z"}
 */
const caseRecord = z.object({
  caseId: z.string(),
  customerId: externalId,
  status: z.enum(['open', 'closed']),
  stage,
  owner,
  accounts: z.record(z.string(), account),
  flags,
  promises: z.array(promiseToPay),
  notes: z.array(note),
  contacts: z.array(contact),
  handover: handover.optional(),
  handoverCount: z.int().nonnegative(),
  routing: routingState,
  protections,
  deadlines: z.array(deadline),
  seenInputIds: z.array(z.string()),
  version: z.int().nonnegative(),
  auditSeq: z.int().nonnegative(),
  auditHash: z.string(),
  openedAt: instant,
  updatedAt: instant,
  lastActivityAt: instant,
  stalledAt: instant.optional(),
  closedAt: instant.optional(),
  closeReason: z.string().optional(),
});
type Case = z.infer<typeof caseRecord>;

export type {
  Account,
  BreathingSpace,
  Case,
  ContextPacket,
  Deadline,
  DeadlineKind,
  Flags,
  Handover,
  PromiseToPay,
  Protections,
  Stage,
};
export {
  account,
  breathingSpace,
  caseRecord,
  complaint,
  contact,
  contextPacket,
  deadline,
  deadlineKind,
  flags,
  fraud,
  handover,
  note,
  promiseToPay,
  protections,
  routingState,
  stage,
  vulnerability,
};
