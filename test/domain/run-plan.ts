import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BatonConfig } from '#domain/config/config.ts';
import { type Decision, decide } from '#domain/decide.ts';
import {
  CaseClosedError,
  HandoverNoLongerPending,
  NotAllowedError,
  NotFoundError,
  ProtectedCaseError,
} from '#domain/errors.ts';
import type { CaseInput, CommandInput } from '#domain/inputs.ts';
import type { Case } from '#schemas/case.ts';
import { caseCommand } from '#schemas/commands.ts';
import {
  type InboundEvent,
  type InboundEventType,
  inboundEventSchemas,
} from '#schemas/inbound-events.ts';
import {
  ACCOUNTS,
  DAY,
  type Interleaved,
  MINUTE,
  type Plan,
  type Step,
  TEAMS,
  TYPES,
  type Who,
} from './arbitraries.ts';

const CUSTOMER = 'cus-prop';
/** Scenarios start within a year of this instant, so bank holidays and clock changes occur. */
const EPOCH = Date.parse('2026-11-30T09:00:00Z');

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'events');
/** The real event JSON of each detail-type: a generated detail starts from it. */
const BASES = new Map(
  TYPES.map((type) => {
    const file = join(FIXTURES, `${type.toLowerCase().replaceAll(' ', '-')}.json`);
    return [type, JSON.parse(readFileSync(file, 'utf8')).detail as Record<string, unknown>];
  }),
);

/** What applying one input did: a decision, or a typed rejection leaving the case as it was. */
interface Outcome {
  input: CaseInput;
  before: Case | undefined;
  after: Case | undefined;
  decision?: Decision;
  rejected?: Error;
}

const REJECTIONS = [
  NotAllowedError,
  HandoverNoLongerPending,
  CaseClosedError,
  ProtectedCaseError,
  NotFoundError,
];

/** Applies an input, turning a typed rejection into an outcome and letting anything else throw. */
const apply = (before: Case | undefined, input: CaseInput, config: BatonConfig): Outcome => {
  try {
    const decision = decide(before, input, config);
    return { input, before, after: decision.case, decision };
  } catch (error) {
    if (!REJECTIONS.some((type) => error instanceof type)) throw error;
    return { input, before, after: before, rejected: error as Error };
  }
};

const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = (ms: number) => iso(ms).slice(0, 10);
const daysAgo = (now: number, days: number) => now - days * DAY * MINUTE;
/** What every input carries; its id doubles as the correlation id. */
const stamp = (id: string, now: number) => ({ inputId: id, at: iso(now), correlationId: id });
const system = (name: string) => ({ kind: 'system' as const, name });

const eventInput = (id: string, now: number, type: InboundEventType, fields: object): CaseInput => {
  const raw = {
    ...BASES.get(type),
    occurredAt: iso(now),
    ...fields,
    eventId: id,
    customerId: CUSTOMER,
  };
  const event = { detailType: type, detail: inboundEventSchemas[type].parse(raw) } as InboundEvent;
  return { kind: 'event', ...stamp(id, now), actor: system('billing'), event };
};

const signalFields = ({ type, ref, variant }: Extract<Step, { t: 'signal' }>, now: number) => {
  const reference = `REF-${ref}`;
  switch (type) {
    case 'Breathing Space Started': {
      const kind = variant < 2 ? 'standard' : 'mental-health-crisis';
      return { reference, kind, startDate: dateOf(daysAgo(now, variant)) };
    }
    case 'Breathing Space Ended': {
      const reason = ['expired', 'cancelled-at-review', 'treatment-ended', 'withdrawn'][variant];
      return { reference, reason, endDate: dateOf(now) };
    }
    case 'Vulnerability Disclosed': {
      const consent = { ...(BASES.get(type)?.consent as object), granted: variant % 2 === 0 };
      return { consent, drivers: variant < 2 ? ['health'] : ['life-event', 'resilience'] };
    }
    case 'Complaint Received':
      return { complaintId: reference, receivedAt: iso(daysAgo(now, variant)) };
    case 'Complaint Resolved':
      return { complaintId: reference, resolvedAt: iso(now) };
    case 'Fraud Suspected':
    case 'Fraud Cleared':
      return { referenceId: reference };
    default:
      return {};
  }
};

const commandFields = ({ type, n }: Extract<Step, { t: 'command' }>, now: number) => {
  switch (type) {
    case 'note':
      return { type: 'add-note', text: `Spoke to the customer (${n}).`, restricted: n % 3 === 0 };
    case 'contact': {
      const purpose = n % 2 ? 'collection' : 'support';
      return {
        type: 'record-contact',
        channel: 'phone',
        direction: 'outbound',
        purpose,
        summary: 'Called.',
      };
    }
    case 'promise': {
      const account = n % 4 ? { accountId: ACCOUNTS[(n % 4) - 1] } : {};
      const dueDate = dateOf(daysAgo(now, -(n % 10)));
      return {
        type: 'promise-to-pay',
        amountMinor: 100 * (n + 1),
        currency: 'GBP',
        dueDate,
        ...account,
      };
    }
    case 'reassign': {
      const agent = n % 2 ? { agent: 'agent-lead' } : {};
      return {
        type: 'reassign',
        team: TEAMS[n % TEAMS.length],
        reason: 'Moved by a lead.',
        ...agent,
      };
    }
    case 'close':
      return { type: 'close', reason: n % 2 ? 'paid' : 'other' };
    case 'flag-vulnerability': {
      const consent = { ...(BASES.get('Vulnerability Disclosed')?.consent as object) };
      return {
        type: 'flag-vulnerability',
        drivers: n % 2 ? ['capability'] : ['health', 'life-event'],
        circumstances: 'Told the agent on the phone.',
        needs: ['extra time'],
        consent: { ...consent, granted: n % 3 !== 0 },
      };
    }
    case 'update-vulnerability':
      return n % 4 === 0
        ? { type: 'update-vulnerability', ended: true }
        : { type: 'update-vulnerability', needs: [`need ${n}`] };
    case 'raise-complaint':
      return {
        type: 'raise-complaint',
        category: 'collections-conduct',
        channel: 'phone',
        summary: 'Unhappy.',
      };
    case 'resolve-complaint':
      return {
        type: 'resolve-complaint',
        complaintId: n % 2 ? `REF-${n % 3}` : `in-${n}`,
        outcome: 'not-upheld',
      };
    case 'flag-fraud':
      return { type: 'flag-fraud', reason: 'account-takeover', notes: 'Card changed twice.' };
    case 'clear-fraud':
      return { type: 'clear-fraud' };
    case 'flag-financial-difficulty':
      return { type: 'flag-financial-difficulty', reason: 'Budget shows a deficit.' };
    case 'clear-financial-difficulty':
      return { type: 'clear-financial-difficulty', reason: 'Budget balances again.' };
    case 'arrears-notice':
      return { type: 'record-arrears-notice', accountId: ACCOUNTS[n % ACCOUNTS.length] };
  }
};

/** The handover in flight, or (stale, or none in flight) the one before it. */
const handoverIdOf = (current: Case | undefined, stale: boolean) =>
  (!stale && current?.handover?.handoverId) ||
  `${current?.caseId ?? 'case-none'}-h${(current?.handoverCount ?? 0) - 1}`;

/** The team an agent acts for: the owner's, the receiving team's, or a named one. */
const teamOf = ({ team }: Who, current: Case | undefined) => {
  if (team === 'owner') return current?.owner.team ?? 'front-line';
  if (team === 'receiver') return current?.handover?.to ?? 'front-line';
  return team;
};

const commandInput = (id: string, now: number, c: Case | undefined, who: Who, fields: object) => {
  const team = teamOf(who, c);
  const actor = { kind: 'agent' as const, agentId: `agent-${team}`, teams: [team], lead: who.lead };
  const command = caseCommand.parse({ ...fields, commandId: id });
  return { kind: 'command', ...stamp(id, now), actor, command } satisfies CommandInput;
};

/** Turns one abstract step into a concrete input against the case as it is now. */
const inputOf = (step: Step, n: number, now: number, current: Case | undefined): CaseInput => {
  const id = `in-${n}`;
  const account = 'acc' in step ? { accountId: ACCOUNTS[step.acc] } : {};
  const occurredAt = iso('age' in step ? now - step.age * MINUTE : now);
  const at = { ...account, occurredAt };
  switch (step.t) {
    case 'arrears': {
      const numbers = { arrearsMinor: step.arrears, balanceMinor: 3 * step.arrears };
      const due = { daysPastDue: step.dpd, missedPayments: step.missed };
      return eventInput(id, now, 'Account In Arrears', { ...at, ...numbers, ...due });
    }
    case 'paid':
      return eventInput(id, now, 'Payment Received', {
        ...at,
        amountMinor: step.amount,
        arrearsMinor: step.left,
      });
    case 'missed': {
      const dueDate = dateOf(daysAgo(Date.parse(occurredAt), step.late));
      return eventInput(id, now, 'Payment Missed', {
        ...at,
        amountMinor: step.amount,
        missedPayments: step.missed,
        dueDate,
      });
    }
    case 'settled':
      return eventInput(id, now, 'Account Settled', { ...at, reason: step.reason });
    case 'signal':
      return eventInput(id, now, step.type, signalFields(step, now));
    case 'handover': {
      const handoverId = handoverIdOf(current, step.stale);
      const fields = step.accept
        ? { type: 'accept-handover', handoverId }
        : { type: 'decline-handover', handoverId, reason: 'Not for this team.' };
      return commandInput(id, now, current, step.who, fields);
    }
    case 'command':
      return commandInput(id, now, current, step.who, commandFields(step, now));
    case 'timeout': {
      const escalated = (current?.handover?.escalated ?? false) !== step.flip;
      const handoverId = handoverIdOf(current, step.stale);
      const actor = system('handover-workflow');
      return { kind: 'handover-timeout', ...stamp(id, now), actor, handoverId, escalated };
    }
    case 'tick':
      return { kind: 'tick', ...stamp(`tick-${n}`, now), actor: system('stall-sweep') };
  }
};

/** Runs a plan from no case, each step against the case the step before it left. */
const runPlan = (plan: Plan, config: BatonConfig): Outcome[] => {
  let now = EPOCH + plan.start * MINUTE;
  let current: Case | undefined;
  return plan.steps.map((step, n) => {
    now += step.gap * MINUTE;
    const outcome = apply(current, inputOf(step, n, now, current), config);
    current = outcome.after;
    return outcome;
  });
};

/** Applies the snapshots in one order: each label takes its account's next snapshot. */
const runInterleaved = ({ sequences }: Interleaved, order: number[], config: BatonConfig) => {
  const queues = sequences.map((s) => [...s]);
  return runPlan({ start: 0, steps: order.map((i) => queues[i]?.shift() as Step) }, config);
};

export type { Outcome };
export { runInterleaved, runPlan };
