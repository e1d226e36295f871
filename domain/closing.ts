import type { Case } from '#schemas/case.ts';
import type { Draft } from './draft.ts';
import { withdrawHandover } from './handover.ts';

/** Closes the case; its owner stays accountable for it as it was closed. */
const closeCase = (draft: Draft, reason: string): void => {
  const c = draft.case;
  withdrawHandover(draft, 'the case closed');
  c.status = 'closed';
  c.closedAt = draft.at;
  c.closeReason = reason;
  c.deadlines = [];
  draft.refresh();
  draft.emit('Case Closed', { reason });
  draft.record('case-closed', reason);
};

/**
 * Why the case has nothing left to do, if so: every account settled or back to no arrears, and no
 * complaint or protection still open. A handover in flight does not keep it open: closing
 * withdraws it, as there is nothing left for the receiving team to take on.
 */
const finishedBecause = (c: Case): string | undefined => {
  const accounts = Object.values(c.accounts);
  if (accounts.length === 0) return undefined;
  if (c.flags.complaints.length || c.flags.breathingSpace || c.flags.fraud) return undefined;
  if (accounts.every((a) => a.settled)) return 'settled';
  if (accounts.every((a) => a.settled || a.arrearsMinor === 0)) return 'arrears-cleared';
  return undefined;
};

export { closeCase, finishedBecause };
