import { describe, expect, it } from 'vitest';
import { chainBreak } from '#domain/audit.ts';
import { decide } from '#domain/decide.ts';
import { auditRecord } from '#schemas/audit-record.ts';
import {
  agents,
  commandInput,
  config,
  eventOf,
  fixtureInput,
  handoverIdOf,
  run,
  tick,
  typesOf,
} from './scenario.ts';

const promiseOn = (dueDate: string, at: string) =>
  commandInput(
    { type: 'promise-to-pay', accountId: 'acc-88', amountMinor: 5000, currency: 'GBP', dueDate },
    agents.lateStage,
    at,
  );

/** The fixture's late-stage case with a promise of £50 by 10 December 2026. */
const withPromise = () =>
  run([fixtureInput('Account In Arrears'), promiseOn('2026-12-10', '2026-12-03T09:00:00Z')]);

describe('promises to pay', () => {
  it('keeps a promise when a payment covers it and drops its deadline', () => {
    // Prepare
    const { case: promised } = withPromise();

    // Act
    const decision = decide(promised, fixtureInput('Payment Received'), config);

    // Assess
    expect(decision.case?.promises.map((p) => p.status)).toEqual(['kept']);
    expect(decision.case?.deadlines.map((d) => d.kind)).not.toContain('promise-to-pay');
  });

  it('breaks an unpaid promise on the first tick after its due date, not before', () => {
    // Prepare
    const { case: promised } = withPromise();

    // Act
    const dueDay = decide(promised, tick('2026-12-10T12:00:00Z'), config);
    const dayAfter = decide(promised, tick('2026-12-11T00:00:00Z'), config);

    // Assess
    expect(dueDay.outcome).toBe('ignored');
    expect(dayAfter.case?.promises.map((p) => p.status)).toEqual(['broken']);
    expect(dayAfter.audit.map((a) => a.action)).toEqual(['promise-broken']);
  });

  it('asks financial difficulty to take the case once two promises are broken', () => {
    // Prepare
    const { case: promised } = run([promiseOn('2026-12-14', '2026-12-03T09:30:00Z')], {
      start: withPromise().case,
    });

    // Act
    const first = decide(promised, tick('2026-12-11T00:00:00Z'), config);
    const second = decide(first.case, tick('2026-12-15T00:00:00Z'), config);

    // Assess
    expect(typesOf(first.events)).not.toContain('Handover Requested');
    expect(eventOf(second.events, 'Handover Requested')).toMatchObject({
      to: 'financial-difficulty',
      ruleId: 'financial-difficulty',
    });
    expect(second.case?.owner).toEqual({ team: 'late-stage' });
  });
});

describe('stalled cases', () => {
  const opened = () =>
    run([fixtureInput('Account In Arrears', { daysPastDue: 10, missedPayments: 1 })]).case;

  it('leaves a case alone after 13 idle days', () => {
    // Act
    const decision = decide(opened(), tick('2026-12-17T07:59:00Z'), config);

    // Assess
    expect(decision.outcome).toBe('ignored');
  });

  it('tells of a stall after 14 idle days and asks team leads to pick the case up', () => {
    // Act
    const decision = decide(opened(), tick('2026-12-17T08:00:00Z'), config);

    // Assess
    expect(typesOf(decision.events)).toEqual(['Case Stalled', 'Handover Requested']);
    expect(eventOf(decision.events, 'Case Stalled')).toMatchObject({
      lastActivityAt: '2026-12-03T08:00:00Z',
      idleDays: 14,
    });
    expect(eventOf(decision.events, 'Handover Requested')).toMatchObject({
      to: 'team-leads',
      ruleId: 'stalled',
      slaSeconds: 4 * 3_600,
    });
    expect(decision.case?.stalledAt).toBe('2026-12-17T08:00:00Z');
  });
});

describe('the audit trail', () => {
  /** A case that opens, is handed over, paused, noted, promised, ticked and closed. */
  const journey = () => {
    const { case: pending, audit: first } = run([
      fixtureInput('Account In Arrears', { daysPastDue: 10, missedPayments: 1 }),
      fixtureInput('Vulnerability Disclosed'),
    ]);
    const { audit: rest } = run(
      [
        commandInput(
          { type: 'accept-handover', handoverId: handoverIdOf(pending) },
          agents.specialistSupport,
          '2026-12-03T11:00:00Z',
        ),
        fixtureInput('Breathing Space Started', { occurredAt: '2026-12-03T12:00:00Z' }),
        commandInput(
          { type: 'add-note', text: 'Customer prefers email.', restricted: true },
          agents.specialistSupport,
          '2026-12-03T13:00:00Z',
        ),
        tick('2026-12-04T00:00:00Z'),
        fixtureInput('Breathing Space Ended', { reason: 'withdrawn', endDate: '2026-12-05' }),
        fixtureInput('Account Settled', {
          accountId: 'acc-88',
          occurredAt: '2027-02-02T09:00:00Z',
        }),
      ],
      { start: pending },
    );
    return [...first, ...rest];
  };

  it('chains every record of a case to the one before it', () => {
    // Act
    const audit = journey();

    // Assess
    expect(audit.length).toBeGreaterThan(8);
    expect(audit.at(-1)?.action).toBe('case-closed');
    expect(chainBreak(audit)).toBeUndefined();
  });

  it('names the actor, the action and the changes in each record', () => {
    // Act
    const audit = journey();

    // Assess
    for (const record of audit) {
      expect(auditRecord.safeParse(record).success).toBe(true);
      expect(record.actor).toMatch(/^(agent|system):[a-z-]+$/);
      expect(record.action).toMatch(/^[a-z-]+$/);
      expect(record.changes.length, record.action).toBeGreaterThan(0);
    }
    const accepted = audit.find((r) => r.action === 'handover-accepted');
    expect(accepted?.actor).toBe('agent:agent-specialist-support');
    expect(accepted?.changes.map((c) => c.path)).toContain('owner.team');
  });

  it('detects a record that was edited after it was written', () => {
    // Prepare
    const audit = journey();
    const edited = audit.map((r) => (r.seq === 3 ? { ...r, action: 'note-added' } : r));

    // Act
    const problem = chainBreak(edited);

    // Assess
    expect(problem).toBe('record 3 was altered after it was written');
  });
});
