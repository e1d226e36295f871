import { z } from 'zod';
import {
  agentId,
  calendarDate,
  channel,
  customerEventBase,
  externalId,
  instant,
  text,
} from './common.ts';

/**
 * `Breathing Space Started`: a debt adviser registered a moratorium. A standard one lasts up to
 * 60 days; a mental-health crisis one lasts until crisis treatment ends, plus 30 days.
 *
 * @example
 * {"schemaVersion":1,"eventId":"ins-501","customerId":"cus-1042","kind":"standard",
 *  "reference":"BS-2026-000981","startDate":"2026-12-03","occurredAt":"2026-12-03T09:00:00Z"}
 */
const breathingSpaceStarted = customerEventBase.extend({
  kind: z.enum(['standard', 'mental-health-crisis']),
  reference: externalId,
  startDate: calendarDate,
});
type BreathingSpaceStarted = z.infer<typeof breathingSpaceStarted>;

/**
 * `Breathing Space Ended`: the moratorium was cancelled or ran out, or (mental-health crisis) the
 * crisis treatment ended on `endDate`, after which protection continues for 30 days.
 *
 * @example
 * {"schemaVersion":1,"eventId":"ins-502","customerId":"cus-1042","reference":"BS-2026-000981",
 *  "reason":"cancelled-at-review","endDate":"2026-12-31","occurredAt":"2026-12-31T09:00:00Z"}
 */
const breathingSpaceEnded = customerEventBase.extend({
  reference: externalId,
  reason: z.enum(['expired', 'cancelled-at-review', 'treatment-ended', 'withdrawn']),
  endDate: calendarDate,
});
type BreathingSpaceEnded = z.infer<typeof breathingSpaceEnded>;

/** What makes a customer vulnerable, in the FCA's four drivers. */
const vulnerabilityDriver = z.enum(['health', 'life-event', 'resilience', 'capability']);

/** The record of consent to hold and share vulnerability data: who, when, how, what was said. */
const consentRecord = z.object({
  granted: z.boolean(),
  givenBy: z.enum(['customer', 'authorised-third-party']),
  recordedBy: agentId,
  recordedAt: instant,
  channel,
  toldCustomer: text(1_000),
});
type ConsentRecord = z.infer<typeof consentRecord>;

/** A disclosure's content, shared by the signal and the team command. */
const vulnerabilityDisclosure = z.object({
  drivers: z.array(vulnerabilityDriver).min(1),
  needs: z.array(text(200)).max(20).default([]),
  circumstances: text(4_000),
  consent: consentRecord,
});

/**
 * `Vulnerability Disclosed`: the customer told someone about circumstances that make them
 * vulnerable. Without granted consent only the fact of a disclosure is kept, not its details.
 *
 * @example
 * {"schemaVersion":1,"eventId":"crm-77","customerId":"cus-1042","drivers":["health"],
 *  "needs":["written communication only"],"circumstances":"Recovering from surgery until March.",
 *  "consent":{"granted":true,"givenBy":"customer","recordedBy":"agent-ana",
 *  "recordedAt":"2026-12-03T10:00:00Z","channel":"phone",
 *  "toldCustomer":"Shared with teams supporting you so you need not repeat it."},
 *  "occurredAt":"2026-12-03T10:00:00Z"}
 */
const vulnerabilityDisclosed = customerEventBase.extend(vulnerabilityDisclosure.shape);
type VulnerabilityDisclosed = z.infer<typeof vulnerabilityDisclosed>;

/**
 * `Complaint Received`: starts the DISP clocks (summary resolution by the end of the third
 * business day after receipt, final response within eight weeks).
 *
 * @example
 * {"schemaVersion":1,"eventId":"cmp-9","customerId":"cus-1042","complaintId":"CMP-311",
 *  "category":"collections-conduct","channel":"phone","summary":"Called three times in a day.",
 *  "receivedAt":"2026-12-03T11:00:00Z","occurredAt":"2026-12-03T11:00:00Z"}
 */
const complaintReceived = customerEventBase.extend({
  complaintId: externalId,
  category: z.string().min(1).max(64),
  channel,
  summary: text(2_000),
  receivedAt: instant,
});
type ComplaintReceived = z.infer<typeof complaintReceived>;

/**
 * `Complaint Resolved`: a final or summary resolution was sent.
 *
 * @example
 * {"schemaVersion":1,"eventId":"cmp-10","customerId":"cus-1042","complaintId":"CMP-311",
 *  "outcome":"upheld","resolvedAt":"2026-12-05T16:00:00Z","occurredAt":"2026-12-05T16:00:00Z"}
 */
const complaintResolved = customerEventBase.extend({
  complaintId: externalId,
  outcome: z.enum(['upheld', 'partially-upheld', 'not-upheld', 'withdrawn']),
  resolvedAt: instant,
});
type ComplaintResolved = z.infer<typeof complaintResolved>;

/**
 * `Fraud Suspected`: collection contact pauses while fraud investigates.
 *
 * @example
 * {"schemaVersion":1,"eventId":"frd-4","customerId":"cus-1042","referenceId":"FR-88",
 *  "reason":"identity-theft","notes":"Card opened from an unknown address.",
 *  "occurredAt":"2026-12-03T12:00:00Z"}
 */
const fraudSuspected = customerEventBase.extend({
  referenceId: externalId,
  reason: z.enum(['identity-theft', 'account-takeover', 'first-party', 'other']),
  notes: text(2_000),
});
type FraudSuspected = z.infer<typeof fraudSuspected>;

/**
 * `Fraud Cleared`: the investigation found no fraud by or against the customer's accounts.
 *
 * @example
 * {"schemaVersion":1,"eventId":"frd-5","customerId":"cus-1042","referenceId":"FR-88",
 *  "occurredAt":"2026-12-09T12:00:00Z"}
 */
const fraudCleared = customerEventBase.extend({
  referenceId: externalId,
  notes: text(2_000).optional(),
});
type FraudCleared = z.infer<typeof fraudCleared>;

/**
 * `Debt Adviser Registered`: a debt adviser acts for the customer; contact goes through them.
 *
 * @example
 * {"schemaVersion":1,"eventId":"adv-3","customerId":"cus-1042",
 *  "adviser":{"name":"Sam Reed","organisation":"Citizens Advice Leeds","reference":"CAL-2231"},
 *  "authorityFrom":"2026-12-03","occurredAt":"2026-12-03T13:00:00Z"}
 */
const debtAdviserRegistered = customerEventBase.extend({
  adviser: z.object({
    name: text(200),
    organisation: text(200),
    reference: externalId.optional(),
  }),
  authorityFrom: calendarDate,
});
type DebtAdviserRegistered = z.infer<typeof debtAdviserRegistered>;

export type {
  BreathingSpaceEnded,
  BreathingSpaceStarted,
  ComplaintReceived,
  ComplaintResolved,
  ConsentRecord,
  DebtAdviserRegistered,
  FraudCleared,
  FraudSuspected,
  VulnerabilityDisclosed,
};
export {
  breathingSpaceEnded,
  breathingSpaceStarted,
  complaintReceived,
  complaintResolved,
  consentRecord,
  debtAdviserRegistered,
  fraudCleared,
  fraudSuspected,
  vulnerabilityDisclosed,
  vulnerabilityDisclosure,
  vulnerabilityDriver,
};
