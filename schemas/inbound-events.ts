import type { z } from 'zod';
import { accountInArrears, accountSettled, paymentMissed, paymentReceived } from './billing.ts';
import {
  breathingSpaceEnded,
  breathingSpaceStarted,
  complaintReceived,
  complaintResolved,
  debtAdviserRegistered,
  fraudCleared,
  fraudSuspected,
  vulnerabilityDisclosed,
} from './signals.ts';

/** Every event Baton consumes, by its EventBridge detail-type. */
const inboundEventSchemas = {
  'Account In Arrears': accountInArrears,
  'Payment Received': paymentReceived,
  'Payment Missed': paymentMissed,
  'Account Settled': accountSettled,
  'Breathing Space Started': breathingSpaceStarted,
  'Breathing Space Ended': breathingSpaceEnded,
  'Vulnerability Disclosed': vulnerabilityDisclosed,
  'Complaint Received': complaintReceived,
  'Complaint Resolved': complaintResolved,
  'Fraud Suspected': fraudSuspected,
  'Fraud Cleared': fraudCleared,
  'Debt Adviser Registered': debtAdviserRegistered,
} as const;

type InboundSchemas = typeof inboundEventSchemas;
type InboundEventType = keyof InboundSchemas;

/** One consumed event: its detail-type and its parsed detail. */
type InboundEvent = {
  [K in InboundEventType]: { detailType: K; detail: z.infer<InboundSchemas[K]> };
}[InboundEventType];

/** The detail-types billing systems send; the rest come from other systems and teams. */
const BILLING_DETAIL_TYPES: readonly InboundEventType[] = [
  'Account In Arrears',
  'Payment Received',
  'Payment Missed',
  'Account Settled',
];

const isInboundEventType = (value: string): value is InboundEventType =>
  Object.hasOwn(inboundEventSchemas, value);

export type { InboundEvent, InboundEventType };
export { BILLING_DETAIL_TYPES, inboundEventSchemas, isInboundEventType };
