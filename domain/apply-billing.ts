import type {
  AccountInArrears,
  AccountSettled,
  PaymentMissed,
  PaymentReceived,
} from '#schemas/billing.ts';
import type { Account, Case } from '#schemas/case.ts';
import { londonDate } from './calendar.ts';
import { arrearsNoticeDeadline, dropDeadlines, promiseDeadline, putDeadline } from './deadlines.ts';
import type { Draft } from './draft.ts';

const isBefore = (a: string, b: string) => Date.parse(a) < Date.parse(b);

/** A second missed payment starts the 14 days to send the notice of sums in arrears. */
const noticeIfSecondMiss = (
  c: Case,
  before: number,
  after: number,
  accountId: string,
  at: string,
) => {
  if (before < 2 && after >= 2) putDeadline(c, arrearsNoticeDeadline(accountId, at));
};

/** A snapshot replaces what the case holds for the account, unless it is older. */
const accountInArrears = (draft: Draft, e: AccountInArrears): void => {
  const c = draft.case;
  const held = c.accounts[e.accountId];
  if (held && isBefore(e.occurredAt, held.asOf)) {
    draft.ignore('snapshot-ignored', `older than the snapshot held from ${held.asOf}`);
    return;
  }
  c.accounts[e.accountId] = {
    accountId: e.accountId,
    product: e.product,
    currency: e.currency,
    arrearsMinor: e.arrearsMinor,
    balanceMinor: e.balanceMinor,
    daysPastDue: e.daysPastDue,
    missedPayments: e.missedPayments,
    settled: false,
    asOf: e.occurredAt,
  };
  noticeIfSecondMiss(c, held?.missedPayments ?? 0, e.missedPayments, e.accountId, e.occurredAt);
  draft.record('arrears-updated');
};

/** Open promises the payment keeps, oldest first, while the money covers them. */
const keepPromises = (c: Case, e: PaymentReceived) => {
  let remaining = e.amountMinor;
  const paidOn = londonDate(e.occurredAt);
  for (const promise of c.promises) {
    const applies = !promise.accountId || promise.accountId === e.accountId;
    if (promise.status !== 'open' || !applies || promise.dueDate < paidOn) continue;
    if (isBefore(e.occurredAt, promise.madeAt) || promise.amountMinor > remaining) continue;
    remaining -= promise.amountMinor;
    promise.status = 'kept';
    dropDeadlines(c, 'promise-to-pay', promise.promiseId);
  }
};

/** Money arrived: the account's arrears fall, and promises it covers are kept. */
const paymentReceived = (draft: Draft, e: PaymentReceived): void => {
  const c = draft.case;
  const held = c.accounts[e.accountId];
  if (held && !isBefore(e.occurredAt, held.asOf)) {
    held.arrearsMinor = e.arrearsMinor;
    held.asOf = e.occurredAt;
    if (e.arrearsMinor === 0) {
      held.daysPastDue = 0;
      held.missedPayments = 0;
      dropDeadlines(c, 'arrears-notice', e.accountId);
    }
  }
  keepPromises(c, e);
  draft.record('payment-received', held ? undefined : `account ${e.accountId} is not on the case`);
};

const newAccount = (e: PaymentMissed): Account => ({
  accountId: e.accountId,
  product: 'unknown',
  currency: e.currency,
  arrearsMinor: 0,
  balanceMinor: 0,
  daysPastDue: 0,
  missedPayments: 0,
  settled: false,
  asOf: e.occurredAt,
});

/** A payment fell due and was missed: arrears and the missed count grow. */
const paymentMissed = (draft: Draft, e: PaymentMissed): void => {
  const c = draft.case;
  const account = c.accounts[e.accountId] ?? newAccount(e);
  c.accounts[e.accountId] = account;
  if (isBefore(e.occurredAt, account.asOf)) {
    draft.ignore('payment-missed-ignored', `older than the snapshot held from ${account.asOf}`);
    return;
  }
  const before = account.missedPayments;
  account.arrearsMinor += e.amountMinor;
  account.balanceMinor = Math.max(account.balanceMinor, account.arrearsMinor);
  account.missedPayments = Math.max(before, e.missedPayments);
  const overdueDays = Math.floor((Date.parse(e.occurredAt) - Date.parse(e.dueDate)) / 86_400_000);
  account.daysPastDue = Math.max(account.daysPastDue, overdueDays);
  account.settled = false;
  account.asOf = e.occurredAt;
  noticeIfSecondMiss(c, before, account.missedPayments, e.accountId, e.occurredAt);
  draft.record('payment-missed');
};

/** The account owes nothing more. */
const accountSettled = (draft: Draft, e: AccountSettled): void => {
  const c = draft.case;
  const account = c.accounts[e.accountId];
  // A settlement older than the snapshot held is history: the newer snapshot says the account is
  // behind again, and closing the case on the older word would drop a customer still in arrears.
  if (account && isBefore(e.occurredAt, account.asOf)) {
    draft.ignore('settlement-ignored', `older than the snapshot held from ${account.asOf}`);
    return;
  }
  if (account) {
    account.settled = true;
    account.arrearsMinor = 0;
    account.balanceMinor = 0;
    account.asOf = e.occurredAt;
  }
  dropDeadlines(c, 'arrears-notice', e.accountId);
  draft.record('account-settled', e.reason);
};

/** A promise is due at the end of its date; the sweep breaks it if no payment kept it. */
const addPromise = (c: Case, promiseId: string, dueDate: string) =>
  putDeadline(c, promiseDeadline(promiseId, dueDate));

export { accountInArrears, accountSettled, addPromise, paymentMissed, paymentReceived };
