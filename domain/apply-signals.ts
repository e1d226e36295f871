import type { Case } from '#schemas/case.ts';
import type {
  BreathingSpaceEnded,
  BreathingSpaceStarted,
  ComplaintReceived,
  ComplaintResolved,
  DebtAdviserRegistered,
  FraudCleared,
  FraudSuspected,
  VulnerabilityDisclosed,
} from '#schemas/signals.ts';
import { addCalendarDays } from './calendar.ts';
import {
  breathingSpaceEndDeadline,
  breathingSpaceReviewDeadline,
  complaintFinalDeadline,
  complaintSummaryDeadline,
  dropDeadlines,
  putDeadline,
  standardBreathingSpaceEnd,
} from './deadlines.ts';
import type { Draft } from './draft.ts';

/** A crisis moratorium lasts until treatment ends, plus 30 days. */
const CRISIS_AFTERCARE_DAYS = 30;

const breathingSpaceStarted = (draft: Draft, e: BreathingSpaceStarted): void => {
  const c = draft.case;
  const endsOn = e.kind === 'standard' ? standardBreathingSpaceEnd(e.startDate) : undefined;
  c.flags.breathingSpace = {
    reference: e.reference,
    kind: e.kind,
    startDate: e.startDate,
    ...(endsOn ? { endsOn } : {}),
  };
  dropDeadlines(c, 'breathing-space-review');
  dropDeadlines(c, 'breathing-space-end');
  if (endsOn) {
    putDeadline(c, breathingSpaceReviewDeadline(e.reference, e.startDate));
    putDeadline(c, breathingSpaceEndDeadline(e.reference, endsOn));
  }
  draft.record('breathing-space-started', `${e.kind} moratorium ${e.reference}`);
};

/** Lifts breathing space: interest, fees, enforcement and contact may resume. */
const liftBreathingSpace = (c: Case): void => {
  delete c.flags.breathingSpace;
  dropDeadlines(c, 'breathing-space-review');
  dropDeadlines(c, 'breathing-space-end');
};

const breathingSpaceEnded = (draft: Draft, e: BreathingSpaceEnded): void => {
  const c = draft.case;
  const held = c.flags.breathingSpace;
  if (!held || held.reference !== e.reference) {
    draft.record('breathing-space-end-ignored', `no breathing space ${e.reference} on the case`);
    return;
  }
  if (held.kind === 'mental-health-crisis' && e.reason === 'treatment-ended') {
    const endsOn = addCalendarDays(e.endDate, CRISIS_AFTERCARE_DAYS);
    held.endsOn = endsOn;
    putDeadline(c, breathingSpaceEndDeadline(e.reference, endsOn));
    draft.record('breathing-space-treatment-ended', `protection continues until ${endsOn}`);
    return;
  }
  liftBreathingSpace(c);
  draft.record('breathing-space-ended', e.reason);
};

/** Without granted consent only the fact of a disclosure and its drivers are kept. */
const disclose = (
  draft: Draft,
  d: Pick<VulnerabilityDisclosed, 'drivers' | 'needs' | 'circumstances' | 'consent'>,
  action: string,
): void => {
  const granted = d.consent.granted;
  draft.case.flags.vulnerability = {
    drivers: d.drivers,
    needs: granted ? d.needs : [],
    ...(granted ? { circumstances: d.circumstances } : {}),
    consent: d.consent,
    disclosedAt: draft.at,
  };
  draft.record(action, granted ? undefined : 'consent not granted: details not kept');
};

const vulnerabilityDisclosed = (draft: Draft, e: VulnerabilityDisclosed): void =>
  disclose(draft, e, 'vulnerability-disclosed');

const openComplaint = (
  draft: Draft,
  complaint: Case['flags']['complaints'][number],
  action: string,
): void => {
  const c = draft.case;
  if (!c.flags.complaints.some((x) => x.complaintId === complaint.complaintId)) {
    c.flags.complaints.push(complaint);
    putDeadline(c, complaintSummaryDeadline(complaint.complaintId, complaint.receivedAt));
    putDeadline(c, complaintFinalDeadline(complaint.complaintId, complaint.receivedAt));
  }
  draft.record(action, complaint.category);
};

const complaintReceived = (draft: Draft, e: ComplaintReceived): void =>
  openComplaint(
    draft,
    {
      complaintId: e.complaintId,
      category: e.category,
      channel: e.channel,
      summary: e.summary,
      receivedAt: e.receivedAt,
    },
    'complaint-received',
  );

/** Resolving stops the complaint's DISP clocks. */
const closeComplaint = (c: Case, complaintId: string): boolean => {
  const before = c.flags.complaints.length;
  c.flags.complaints = c.flags.complaints.filter((x) => x.complaintId !== complaintId);
  dropDeadlines(c, 'complaint-summary-resolution', complaintId);
  dropDeadlines(c, 'complaint-final-response', complaintId);
  return c.flags.complaints.length < before;
};

const complaintResolved = (draft: Draft, e: ComplaintResolved): void => {
  const found = closeComplaint(draft.case, e.complaintId);
  draft.record('complaint-resolved', found ? e.outcome : `no open complaint ${e.complaintId}`);
};

const fraudSuspected = (draft: Draft, e: FraudSuspected): void => {
  draft.case.flags.fraud = {
    referenceId: e.referenceId,
    reason: e.reason,
    notes: e.notes,
    suspectedAt: e.occurredAt,
  };
  draft.record('fraud-suspected');
};

const fraudCleared = (draft: Draft, e: FraudCleared): void => {
  const held = draft.case.flags.fraud;
  if (held && held.referenceId === e.referenceId) delete draft.case.flags.fraud;
  draft.record('fraud-cleared', held ? undefined : `no fraud suspicion ${e.referenceId}`);
};

const debtAdviserRegistered = (draft: Draft, e: DebtAdviserRegistered): void => {
  draft.case.flags.debtAdviser = { name: e.adviser.name, organisation: e.adviser.organisation };
  draft.record('debt-adviser-registered', e.adviser.organisation);
};

export {
  breathingSpaceEnded,
  breathingSpaceStarted,
  closeComplaint,
  complaintReceived,
  complaintResolved,
  debtAdviserRegistered,
  disclose,
  fraudCleared,
  fraudSuspected,
  liftBreathingSpace,
  openComplaint,
  vulnerabilityDisclosed,
};
