import type { Case, Stage } from '#schemas/case.ts';
import type { BatonConfig, FactName } from './config/config.ts';

/** What routing rules can test about a case. */
type Facts = { [K in FactName]: K extends 'stage' ? Stage : number | boolean };

const openAccounts = (c: Case) => Object.values(c.accounts).filter((a) => !a.settled);

const max = (values: number[]) => values.reduce((m, v) => Math.max(m, v), 0);

/**
 * Derives the stage from the facts: closed, then specialist (any protection or flag that needs a
 * specialist team), then recovery, late arrears and early arrears by how far behind it is.
 */
const stageOf = (c: Case, policy: BatonConfig['policy']): Stage => {
  if (c.status === 'closed') return 'closed';
  const { flags } = c;
  if (
    flags.fraud ||
    flags.breathingSpace ||
    flags.vulnerability ||
    flags.complaints.length > 0 ||
    flags.financialDifficulty ||
    flags.debtAdviser
  ) {
    return 'specialist';
  }
  const accounts = openAccounts(c);
  const daysPastDue = max(accounts.map((a) => a.daysPastDue));
  if (daysPastDue >= policy.recoveryDaysPastDue) return 'recovery';
  const missed = max(accounts.map((a) => a.missedPayments));
  if (daysPastDue >= policy.lateArrearsDaysPastDue || missed >= policy.lateArrearsMissedPayments) {
    return 'late-arrears';
  }
  return 'early-arrears';
};

/** The facts of a case as routing rules see them. */
const factsOf = (c: Case): Facts => {
  const accounts = openAccounts(c);
  return {
    fraudSuspected: c.flags.fraud !== undefined,
    breathingSpace: c.flags.breathingSpace !== undefined,
    vulnerable: c.flags.vulnerability !== undefined,
    financialDifficulty: c.flags.financialDifficulty,
    debtAdviser: c.flags.debtAdviser !== undefined,
    openComplaints: c.flags.complaints.length,
    brokenPromises: c.promises.filter((p) => p.status === 'broken').length,
    daysPastDue: max(accounts.map((a) => a.daysPastDue)),
    missedPayments: max(accounts.map((a) => a.missedPayments)),
    arrearsMinor: accounts.reduce((sum, a) => sum + a.arrearsMinor, 0),
    accounts: accounts.length,
    stage: c.stage,
  };
};

export type { Facts };
export { factsOf, openAccounts, stageOf };
