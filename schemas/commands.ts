import { z } from 'zod';
import {
  agentId,
  calendarDate,
  channel,
  currency,
  externalId,
  positiveMinorUnits,
  teamId,
  text,
} from './common.ts';
import { vulnerabilityDisclosure, vulnerabilityDriver } from './signals.ts';

/** Every command carries an id the caller chooses, so a retried request changes nothing twice. */
const commandBase = z.object({ commandId: externalId });

/**
 * Accept a handover: the receiving team takes ownership.
 * @example {"type":"accept-handover","commandId":"c-1","handoverId":"case-cus-1042-1-h1"}
 */
const acceptHandover = commandBase.extend({
  type: z.literal('accept-handover'),
  handoverId: z.string().min(1),
});

/**
 * Decline a handover, saying why: the case is routed to the next team, or stays with the sender.
 * @example {"type":"decline-handover","commandId":"c-2","handoverId":"case-cus-1042-1-h1",
 *  "reason":"No vulnerability noted on file; please check the disclosure."}
 */
const declineHandover = commandBase.extend({
  type: z.literal('decline-handover'),
  handoverId: z.string().min(1),
  reason: text(1_000),
});

/**
 * Add a note; a restricted note is shown only to teams that may see restricted fields.
 * @example {"type":"add-note","commandId":"c-3","text":"Customer asked for calls after 6pm."}
 */
const addNote = commandBase.extend({
  type: z.literal('add-note'),
  text: text(4_000),
  restricted: z.boolean().default(false),
});

/**
 * Record a contact with the customer.
 * @example {"type":"record-contact","commandId":"c-4","channel":"phone","direction":"outbound",
 *  "purpose":"support","summary":"Talked through the income and expenditure form."}
 */
const recordContact = commandBase.extend({
  type: z.literal('record-contact'),
  channel,
  direction: z.enum(['inbound', 'outbound']),
  purpose: z.enum(['collection', 'support', 'complaint', 'welfare']),
  summary: text(2_000),
});

/**
 * Record a promise to pay.
 * @example {"type":"promise-to-pay","commandId":"c-5","accountId":"acc-88","amountMinor":5000,
 *  "currency":"GBP","dueDate":"2026-12-18"}
 */
const promiseToPay = commandBase.extend({
  type: z.literal('promise-to-pay'),
  accountId: externalId.optional(),
  amountMinor: positiveMinorUnits,
  currency,
  dueDate: calendarDate,
});

/**
 * Flag a vulnerability the customer disclosed to the team, with the consent record.
 * @example {"type":"flag-vulnerability","commandId":"c-6","drivers":["life-event"],
 *  "needs":["extra time"],"circumstances":"Recently bereaved.","consent":{"granted":true,
 *  "givenBy":"customer","recordedBy":"agent-ana","recordedAt":"2026-12-03T10:00:00Z",
 *  "channel":"phone","toldCustomer":"Shared with the teams supporting you."}}
 */
const flagVulnerability = commandBase.extend({
  type: z.literal('flag-vulnerability'),
  ...vulnerabilityDisclosure.shape,
});

/**
 * Update what is known of a vulnerability, or mark it as no longer present.
 * @example {"type":"update-vulnerability","commandId":"c-7","needs":["extra time","large print"]}
 */
const updateVulnerability = commandBase.extend({
  type: z.literal('update-vulnerability'),
  drivers: z.array(vulnerabilityDriver).min(1).optional(),
  needs: z.array(text(200)).max(20).optional(),
  circumstances: text(4_000).optional(),
  ended: z.boolean().default(false),
});

/**
 * Raise a complaint the customer made to the team.
 * @example {"type":"raise-complaint","commandId":"c-8","category":"collections-conduct",
 *  "channel":"phone","summary":"Unhappy with the tone of the last call."}
 */
const raiseComplaint = commandBase.extend({
  type: z.literal('raise-complaint'),
  category: z.string().min(1).max(64),
  channel,
  summary: text(2_000),
});

/**
 * Resolve an open complaint.
 * @example {"type":"resolve-complaint","commandId":"c-9","complaintId":"CMP-311",
 *  "outcome":"upheld"}
 */
const resolveComplaint = commandBase.extend({
  type: z.literal('resolve-complaint'),
  complaintId: externalId,
  outcome: z.enum(['upheld', 'partially-upheld', 'not-upheld', 'withdrawn']),
});

/**
 * Flag suspected fraud.
 * @example {"type":"flag-fraud","commandId":"c-10","reason":"account-takeover",
 *  "notes":"Payment card changed twice this week."}
 */
const flagFraud = commandBase.extend({
  type: z.literal('flag-fraud'),
  reason: z.enum(['identity-theft', 'account-takeover', 'first-party', 'other']),
  notes: text(2_000),
});

/**
 * Clear a fraud suspicion.
 * @example {"type":"clear-fraud","commandId":"c-11","notes":"Customer confirmed the changes."}
 */
const clearFraud = commandBase.extend({
  type: z.literal('clear-fraud'),
  notes: text(2_000).optional(),
});

/**
 * Record that the customer is in financial difficulty, as their income and expenditure or their
 * own account of it shows; routing then looks for the financial difficulty team.
 * @example {"type":"flag-financial-difficulty","commandId":"c-15",
 *  "reason":"Income and expenditure shows a monthly deficit."}
 */
const flagFinancialDifficulty = commandBase.extend({
  type: z.literal('flag-financial-difficulty'),
  reason: text(1_000),
});

/**
 * Record that the customer is no longer in financial difficulty.
 * @example {"type":"clear-financial-difficulty","commandId":"c-16",
 *  "reason":"Back in full-time work; the budget balances."}
 */
const clearFinancialDifficulty = commandBase.extend({
  type: z.literal('clear-financial-difficulty'),
  reason: text(1_000),
});

/**
 * Record that the notice of sums in arrears went out for an account.
 * @example {"type":"record-arrears-notice","commandId":"c-14","accountId":"acc-88"}
 */
const recordArrearsNotice = commandBase.extend({
  type: z.literal('record-arrears-notice'),
  accountId: externalId,
});

/**
 * Move the case to another team or agent directly; team leads only.
 * @example {"type":"reassign","commandId":"c-12","team":"financial-difficulty",
 *  "reason":"Income and expenditure shows a deficit."}
 */
const reassign = commandBase.extend({
  type: z.literal('reassign'),
  team: teamId,
  agent: agentId.optional(),
  reason: text(1_000),
});

/**
 * Close the case.
 * @example {"type":"close","commandId":"c-13","reason":"paid"}
 */
const closeCase = commandBase.extend({
  type: z.literal('close'),
  reason: z.enum(['paid', 'settled', 'written-off', 'sold', 'deceased', 'other']),
  note: text(1_000).optional(),
});

/** Every command a team can issue on a case. */
const caseCommand = z.discriminatedUnion('type', [
  acceptHandover,
  declineHandover,
  addNote,
  recordContact,
  promiseToPay,
  flagVulnerability,
  updateVulnerability,
  raiseComplaint,
  resolveComplaint,
  flagFraud,
  clearFraud,
  flagFinancialDifficulty,
  clearFinancialDifficulty,
  recordArrearsNotice,
  reassign,
  closeCase,
]);
type CaseCommand = z.infer<typeof caseCommand>;
type CommandType = CaseCommand['type'];

type AcceptHandover = z.infer<typeof acceptHandover>;
type DeclineHandover = z.infer<typeof declineHandover>;
type AddNote = z.infer<typeof addNote>;
type RecordContact = z.infer<typeof recordContact>;
type PromiseToPay = z.infer<typeof promiseToPay>;
type FlagVulnerability = z.infer<typeof flagVulnerability>;
type UpdateVulnerability = z.infer<typeof updateVulnerability>;
type RaiseComplaint = z.infer<typeof raiseComplaint>;
type ResolveComplaint = z.infer<typeof resolveComplaint>;
type FlagFraud = z.infer<typeof flagFraud>;
type ClearFraud = z.infer<typeof clearFraud>;
type FlagFinancialDifficulty = z.infer<typeof flagFinancialDifficulty>;
type ClearFinancialDifficulty = z.infer<typeof clearFinancialDifficulty>;
type RecordArrearsNotice = z.infer<typeof recordArrearsNotice>;
type Reassign = z.infer<typeof reassign>;
type CloseCase = z.infer<typeof closeCase>;

export type {
  AcceptHandover,
  AddNote,
  CaseCommand,
  ClearFinancialDifficulty,
  ClearFraud,
  CloseCase,
  CommandType,
  DeclineHandover,
  FlagFinancialDifficulty,
  FlagFraud,
  FlagVulnerability,
  PromiseToPay,
  RaiseComplaint,
  Reassign,
  RecordArrearsNotice,
  RecordContact,
  ResolveComplaint,
  UpdateVulnerability,
};
export {
  acceptHandover,
  addNote,
  caseCommand,
  clearFinancialDifficulty,
  clearFraud,
  closeCase,
  declineHandover,
  flagFinancialDifficulty,
  flagFraud,
  flagVulnerability,
  promiseToPay,
  raiseComplaint,
  reassign,
  recordArrearsNotice,
  recordContact,
  resolveComplaint,
  updateVulnerability,
};
