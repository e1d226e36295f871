import { z } from 'zod';
import {
  calendarDate,
  currency,
  customerEventBase,
  externalId,
  minorUnits,
  positiveMinorUnits,
} from './common.ts';

/** The EventBridge `source` billing systems use unless configured otherwise. */
const BILLING_SOURCE = 'billing';

const accountEventBase = customerEventBase.extend({ accountId: externalId });

/**
 * `Account In Arrears`: a snapshot of one account that is behind. A later snapshot replaces an
 * earlier one; an older one (by `occurredAt`) is ignored.
 *
 * @example
 * {"schemaVersion":1,"eventId":"bil-7f3a","customerId":"cus-1042","accountId":"acc-88",
 *  "product":"credit-card","currency":"GBP","arrearsMinor":12550,"balanceMinor":184000,
 *  "daysPastDue":34,"missedPayments":2,"occurredAt":"2026-12-03T08:00:00Z"}
 */
const accountInArrears = accountEventBase.extend({
  product: z.string().min(1).max(64),
  currency,
  arrearsMinor: minorUnits,
  balanceMinor: minorUnits,
  daysPastDue: z.int().nonnegative().max(36_500),
  missedPayments: z.int().nonnegative().max(1_000),
});
type AccountInArrears = z.infer<typeof accountInArrears>;

/**
 * `Payment Received`: money arrived on an account; `arrearsMinor` is what remains behind.
 *
 * @example
 * {"schemaVersion":1,"eventId":"bil-7f3b","customerId":"cus-1042","accountId":"acc-88",
 *  "currency":"GBP","amountMinor":5000,"arrearsMinor":7550,"occurredAt":"2026-12-04T10:02:00Z"}
 */
const paymentReceived = accountEventBase.extend({
  currency,
  amountMinor: positiveMinorUnits,
  arrearsMinor: minorUnits,
});
type PaymentReceived = z.infer<typeof paymentReceived>;

/**
 * `Payment Missed`: a contractual payment fell due and was not made. `missedPayments` is the
 * count of missed payments including this one.
 *
 * @example
 * {"schemaVersion":1,"eventId":"bil-7f3c","customerId":"cus-1042","accountId":"acc-88",
 *  "currency":"GBP","amountMinor":6275,"dueDate":"2026-12-01","missedPayments":2,
 *  "occurredAt":"2026-12-02T06:00:00Z"}
 */
const paymentMissed = accountEventBase.extend({
  currency,
  amountMinor: positiveMinorUnits,
  dueDate: calendarDate,
  missedPayments: z.int().positive().max(1_000),
});
type PaymentMissed = z.infer<typeof paymentMissed>;

/**
 * `Account Settled`: the account owes nothing more, paid or otherwise resolved.
 *
 * @example
 * {"schemaVersion":1,"eventId":"bil-7f3d","customerId":"cus-1042","accountId":"acc-88",
 *  "reason":"paid-in-full","occurredAt":"2026-12-20T12:00:00Z"}
 */
const accountSettled = accountEventBase.extend({
  reason: z.enum(['paid-in-full', 'settled-reduced', 'written-off']),
});
type AccountSettled = z.infer<typeof accountSettled>;

export type { AccountInArrears, AccountSettled, PaymentMissed, PaymentReceived };
export { accountInArrears, accountSettled, BILLING_SOURCE, paymentMissed, paymentReceived };
