import type { Case, Deadline, DeadlineKind } from '#schemas/case.ts';
import {
  addBusinessDays,
  addCalendarDays,
  addHours,
  endOfLondonDay,
  londonDate,
  startOfLondonDay,
} from './calendar.ts';

const deadline = (kind: DeadlineKind, ref: string, dueAt: string, opensAt?: string): Deadline => ({
  deadlineId: `${kind}:${ref}`,
  kind,
  dueAt,
  ...(opensAt ? { opensAt } : {}),
  ref,
  warned: false,
  breached: false,
});

/** DISP 1.5: a summary resolution by the close of the third business day after receipt. */
const complaintSummaryDeadline = (complaintId: string, receivedAt: string) =>
  deadline(
    'complaint-summary-resolution',
    complaintId,
    endOfLondonDay(addBusinessDays(londonDate(receivedAt), 3)),
  );

/** DISP 1.6: a final response within eight weeks of receipt. */
const complaintFinalDeadline = (complaintId: string, receivedAt: string) =>
  deadline(
    'complaint-final-response',
    complaintId,
    endOfLondonDay(addCalendarDays(londonDate(receivedAt), 56)),
  );

/** The last day of a standard breathing space: the 60th day, counting the start as day one. */
const standardBreathingSpaceEnd = (startDate: string) => addCalendarDays(startDate, 59);

/** The midway review of a standard breathing space: between its 25th and 35th days. */
const breathingSpaceReviewDeadline = (reference: string, startDate: string) =>
  deadline(
    'breathing-space-review',
    reference,
    endOfLondonDay(addCalendarDays(startDate, 34)),
    startOfLondonDay(addCalendarDays(startDate, 24)),
  );

/** The moment breathing-space protection lapses: the end of its last day. */
const breathingSpaceEndDeadline = (reference: string, endsOn: string) =>
  deadline('breathing-space-end', reference, endOfLondonDay(endsOn));

/** CCA s.86B: the notice of sums in arrears within 14 days of the second missed payment. */
const arrearsNoticeDeadline = (accountId: string, secondMissedAt: string) =>
  deadline(
    'arrears-notice',
    accountId,
    endOfLondonDay(addCalendarDays(londonDate(secondMissedAt), 14)),
  );

/** A promise to pay is kept if the money arrives by the end of its due date. */
const promiseDeadline = (promiseId: string, dueDate: string) =>
  deadline('promise-to-pay', promiseId, endOfLondonDay(dueDate));

/** The receiving team must accept or decline within the rule's SLA. */
const handoverDeadline = (handoverId: string, requestedAt: string, slaHours: number) =>
  deadline('handover-acceptance', handoverId, addHours(requestedAt, slaHours));

/** Adds a deadline, replacing one with the same id. */
const putDeadline = (c: Case, d: Deadline): void => {
  c.deadlines = [...c.deadlines.filter((x) => x.deadlineId !== d.deadlineId), d].sort(
    (a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt),
  );
};

/** Removes the deadlines of a kind (for one reference, or all). */
const dropDeadlines = (c: Case, kind: DeadlineKind, ref?: string): void => {
  c.deadlines = c.deadlines.filter(
    (d) => !(d.kind === kind && (ref === undefined || d.ref === ref)),
  );
};

/** The earliest deadline not yet breached: what the deadline index sorts cases by. */
const nextDeadlineAt = (c: Case): string | undefined => c.deadlines.find((d) => !d.breached)?.dueAt;

/** Compliance deadlines are told of as they approach; operational ones are handled when due. */
const WARNED_KINDS: ReadonlySet<DeadlineKind> = new Set([
  'complaint-summary-resolution',
  'complaint-final-response',
  'breathing-space-review',
  'arrears-notice',
]);

export {
  arrearsNoticeDeadline,
  breathingSpaceEndDeadline,
  breathingSpaceReviewDeadline,
  complaintFinalDeadline,
  complaintSummaryDeadline,
  dropDeadlines,
  handoverDeadline,
  nextDeadlineAt,
  promiseDeadline,
  putDeadline,
  standardBreathingSpaceEnd,
  WARNED_KINDS,
};
