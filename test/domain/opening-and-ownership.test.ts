import { describe, expect, it } from 'vitest';
import { decide } from '#domain/decide.ts';
import { NotAllowedError } from '#domain/errors.ts';
import {
  agents,
  commandInput,
  config,
  eventOf,
  fixtureInput,
  run,
  teamLead,
  tick,
  typesOf,
} from './scenario.ts';

const arrears = (changes: Record<string, unknown> = {}) =>
  fixtureInput('Account In Arrears', changes);

/** A front-line case: ten days behind on one payment. */
const early = { daysPastDue: 10, missedPayments: 1 };

describe('opening a case', () => {
  it.each([
    ['front-line', 'under 30 days past due with one missed payment', early],
    ['late-stage', '30 days past due', { daysPastDue: 30, missedPayments: 0 }],
    ['late-stage', 'two missed payments', { daysPastDue: 5, missedPayments: 2 }],
  ])('gives the case to %s when the account is %s', (team, _why, changes) => {
    // Act
    const decision = decide(undefined, arrears(changes), config);

    // Assess
    expect(decision.outcome).toBe('applied');
    expect(decision.case?.owner).toEqual({ team });
    expect(decision.case?.status).toBe('open');
    expect(eventOf(decision.events, 'Case Opened')).toMatchObject({
      customerId: 'cus-1042',
      owner: { team },
      accountIds: ['acc-88'],
    });
  });

  it('opens the case from the real fixture with late-stage as owner', () => {
    // Act
    const { case: c, audit } = run([arrears()]);

    // Assess
    expect(c.owner).toEqual({ team: 'late-stage' });
    expect(c.stage).toBe('late-arrears');
    expect(c.accounts['acc-88']).toMatchObject({ arrearsMinor: 12550, daysPastDue: 34 });
    expect(audit.map((a) => a.action)).toEqual(['case-opened']);
  });

  it('records the whole opening state in the first record, every field from nothing', () => {
    // Act
    const { audit } = run([arrears()]);

    // Assess
    const changes = audit[0]?.changes ?? [];
    expect(changes.every((c) => c.from === null)).toBe(true);
    expect(changes).toContainEqual({ path: 'owner', from: null, to: { team: 'late-stage' } });
    expect(changes).toContainEqual({ path: 'stage', from: null, to: 'late-arrears' });
  });

  it('adds a second account to the customer’s open case instead of opening another', () => {
    // Prepare
    const { case: opened } = run([arrears(early)]);

    // Act
    const second = arrears({ ...early, eventId: 'bil-8000', accountId: 'acc-99' });
    const decision = decide(opened, second, config);

    // Assess
    expect(decision.case?.caseId).toBe(opened.caseId);
    expect(Object.keys(decision.case?.accounts ?? {}).sort()).toEqual(['acc-88', 'acc-99']);
    expect(typesOf(decision.events)).not.toContain('Case Opened');
  });

  it('opens a new case when a closed customer’s account falls into arrears again', () => {
    // Prepare
    const { case: closed } = run([
      arrears(),
      fixtureInput('Account Settled', { accountId: 'acc-88' }),
    ]);
    expect(closed.status).toBe('closed');

    // Act
    const again = arrears({ eventId: 'bil-9001', occurredAt: '2027-03-01T08:00:00Z' });
    const decision = decide(closed, again, config);

    // Assess
    expect(decision.case?.status).toBe('open');
    expect(decision.case?.caseId).not.toBe(closed.caseId);
    expect(decision.audit.map((a) => [a.seq, a.action])).toEqual([[1, 'case-opened']]);
  });

  it('ignores a payment for a customer who has no case', () => {
    // Act
    const decision = decide(undefined, fixtureInput('Payment Received'), config);

    // Assess
    expect(decision).toMatchObject({ outcome: 'ignored', case: undefined, events: [], audit: [] });
  });
});

describe('repeated and out-of-order events', () => {
  it('changes nothing when the same event is delivered twice', () => {
    // Prepare
    const { case: opened } = run([arrears()]);

    // Act
    const decision = decide(opened, arrears(), config);

    // Assess
    expect(decision.outcome).toBe('duplicate');
    expect(decision.case).toEqual(opened);
    expect(decision.events).toEqual([]);
    expect(decision.audit).toEqual([]);
  });

  it('opens no second case when an event is redelivered after its case closed', () => {
    // Prepare
    const { case: closed } = run([
      arrears(),
      fixtureInput('Account Settled', { accountId: 'acc-88' }),
    ]);

    // Act
    const decision = decide(closed, arrears(), config);

    // Assess
    expect(decision.outcome).toBe('duplicate');
    expect(decision.case).toEqual(closed);
  });

  it('keeps the newer snapshot and records an older one as snapshot-ignored', () => {
    // Prepare
    const { case: opened } = run([arrears()]);

    // Act
    const stale = arrears({
      eventId: 'bil-7e00',
      arrearsMinor: 999,
      daysPastDue: 3,
      occurredAt: '2026-12-01T08:00:00Z',
    });
    const decision = decide(opened, stale, config);

    // Assess
    expect(decision.case?.accounts).toEqual(opened.accounts);
    expect(decision.case?.owner).toEqual(opened.owner);
    expect(decision.audit.map((a) => a.action)).toEqual(['snapshot-ignored']);
    expect(decision.audit[0]?.changes.map((x) => x.path)).not.toContain('accounts.acc-88');
  });

  it('sets an older snapshot aside without restarting a stalled case’s clock', () => {
    // Prepare
    const { case: stalled } = run([arrears(), tick('2026-12-17T08:00:00Z')]);
    const stale = arrears({ eventId: 'bil-7e00', occurredAt: '2026-12-01T08:00:00Z' });

    // Act
    const decision = decide(stalled, stale, config);

    // Assess
    expect(decision.case?.stalledAt).toBe(stalled.stalledAt);
    expect(decision.case?.lastActivityAt).toBe(stalled.lastActivityAt);
    expect(decision.audit[0]?.changes).toEqual([]);
  });

  it('does not open a case for a snapshot with nothing in arrears', () => {
    // Act
    const decision = decide(undefined, arrears({ arrearsMinor: 0, daysPastDue: 0 }), config);

    // Assess
    expect(decision.outcome).toBe('ignored');
    expect(decision.case).toBeUndefined();
    expect(decision.reason).toBe('nothing is in arrears');
  });
});

describe('closing', () => {
  it('closes the case as settled once every account is settled', () => {
    // Prepare
    const { case: twoAccounts } = run([
      arrears(),
      arrears({ eventId: 'bil-8000', accountId: 'acc-91', daysPastDue: 12, missedPayments: 1 }),
    ]);
    const settle = (accountId: string, eventId: string) =>
      fixtureInput('Account Settled', { accountId, eventId });

    // Act
    const first = decide(twoAccounts, settle('acc-88', 'bil-s1'), config);
    const second = decide(first.case, settle('acc-91', 'bil-s2'), config);

    // Assess
    expect(first.case?.status).toBe('open');
    expect(second.case).toMatchObject({
      status: 'closed',
      closeReason: 'settled',
      stage: 'closed',
    });
    expect(second.case?.handover).toBeUndefined();
    expect(eventOf(second.events, 'Case Closed').reason).toBe('settled');
    expect(typesOf(second.events)).not.toContain('Handover Requested');
  });

  it('keeps the case open when a settlement older than the snapshot held arrives late', () => {
    // Prepare
    const { case: opened } = run([arrears({ occurredAt: '2026-12-03T08:00:00Z' })]);
    const late = fixtureInput('Account Settled', {
      eventId: 'bil-s0',
      accountId: 'acc-88',
      occurredAt: '2026-12-01T12:00:00Z',
    });

    // Act
    const decision = decide(opened, late, config);

    // Assess
    expect(decision.case?.status).toBe('open');
    expect(decision.case?.accounts).toEqual(opened.accounts);
    expect(decision.case?.deadlines).toEqual(opened.deadlines);
    expect(decision.audit.map((a) => [a.action, a.reason])).toEqual([
      ['settlement-ignored', 'older than the snapshot held from 2026-12-03T08:00:00Z'],
    ]);
  });
});

describe('reassigning', () => {
  const reassign = (team: string) =>
    ({ type: 'reassign', team, reason: 'Income and expenditure shows a deficit.' }) as const;

  it('lets a team lead move the case to another team', () => {
    // Prepare
    const { case: opened } = run([arrears()]);

    // Act
    const input = commandInput(reassign('financial-difficulty'), teamLead, '2026-12-04T09:00:00Z');
    const decision = decide(opened, input, config);

    // Assess
    expect(decision.case?.owner).toEqual({ team: 'financial-difficulty' });
    expect(eventOf(decision.events, 'Case Owner Changed')).toMatchObject({
      from: { team: 'late-stage' },
      owner: { team: 'financial-difficulty' },
      reason: 'reassigned',
    });
  });

  it('refuses a reassignment from an agent who is not a team lead', () => {
    // Prepare
    const { case: opened } = run([arrears()]);
    const input = commandInput(reassign('front-line'), agents.lateStage, '2026-12-04T09:00:00Z');

    // Act
    const act = () => decide(opened, input, config);

    // Assess
    expect(act).toThrow(NotAllowedError);
  });

  it('withdraws the handover in flight when a team lead reassigns the case', () => {
    // Prepare
    const { case: pending } = run([arrears(early), fixtureInput('Vulnerability Disclosed')]);
    const handoverId = pending.handover?.handoverId;
    expect(pending.handover?.to).toBe('specialist-support');

    // Act
    const input = commandInput(reassign('financial-difficulty'), teamLead, '2026-12-04T09:00:00Z');
    const decision = decide(pending, input, config);

    // Assess
    expect(decision.case?.handover).toBeUndefined();
    expect(decision.case?.deadlines.map((d) => d.ref)).not.toContain(handoverId);
    expect(decision.case?.owner).toEqual({ team: 'financial-difficulty' });
  });
});
