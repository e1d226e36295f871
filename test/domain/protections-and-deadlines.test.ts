import { describe, expect, it } from 'vitest';
import { decide } from '#domain/decide.ts';
import { ProtectedCaseError } from '#domain/errors.ts';
import type { Case } from '#schemas/case.ts';
import {
  agents,
  type CommandSpec,
  commandInput,
  config,
  eventOf,
  fixtureInput,
  handoverIdOf,
  run,
  tick,
  typesOf,
} from './scenario.ts';

const contact = (purpose: 'collection' | 'welfare') =>
  ({
    type: 'record-contact',
    channel: 'phone',
    direction: 'outbound',
    purpose,
    summary: 'Called the customer.',
  }) satisfies CommandSpec;

const deadlineOf = (c: Case | undefined, kind: string) => c?.deadlines.find((d) => d.kind === kind);

/** The fixture's late-stage case in a standard breathing space from 3 December 2026. */
const inBreathingSpace = () =>
  run([fixtureInput('Account In Arrears'), fixtureInput('Breathing Space Started')]);

describe('breathing space', () => {
  it('pauses contact, freezes interest and fees, stops enforcement and tells of the pause', () => {
    // Act
    const { case: c, decisions } = inBreathingSpace();

    // Assess
    expect(c.protections).toEqual({
      collectionContactPaused: true,
      interestAndFeesFrozen: true,
      enforcementStopped: true,
      reasons: ['breathing-space'],
    });
    const started = decisions[1]?.events ?? [];
    expect(eventOf(started, 'Case Paused')).toMatchObject({
      pausedFor: 'breathing-space',
      until: '2027-01-31',
    });
  });

  it('opens the review on day 25, makes it due at the end of day 35 and ends after day 60', () => {
    // Act
    const { case: c } = inBreathingSpace();

    // Assess
    expect(deadlineOf(c, 'breathing-space-review')).toMatchObject({
      opensAt: '2026-12-27T00:00:00.000Z',
      dueAt: '2027-01-06T23:59:59.999Z',
    });
    expect(deadlineOf(c, 'breathing-space-end')?.dueAt).toBe('2027-01-31T23:59:59.999Z');
  });

  it('lifts when its last day has passed and tells of the resumption', () => {
    // Prepare
    const { case: paused } = inBreathingSpace();

    // Act
    const lastDay = decide(paused, tick('2027-01-31T12:00:00Z'), config);
    const after = decide(lastDay.case, tick('2027-02-01T00:00:00Z'), config);

    // Assess
    expect(typesOf(lastDay.events)).not.toContain('Case Resumed');
    expect(lastDay.case?.flags.breathingSpace).toBeDefined();
    expect(eventOf(after.events, 'Case Resumed').pausedFor).toBe('breathing-space');
    expect(after.case?.flags.breathingSpace).toBeUndefined();
    expect(after.case?.protections.collectionContactPaused).toBe(false);
  });

  it('throws ProtectedCaseError for a collection contact but records a welfare contact', () => {
    // Prepare
    const { case: paused } = inBreathingSpace();
    const at = '2026-12-04T09:00:00Z';

    // Act
    const collection = () =>
      decide(paused, commandInput(contact('collection'), agents.lateStage, at), config);
    const welfare = decide(paused, commandInput(contact('welfare'), agents.lateStage, at), config);

    // Assess
    expect(collection).toThrow(ProtectedCaseError);
    expect(welfare.case?.contacts).toMatchObject([{ purpose: 'welfare', by: 'agent-late-stage' }]);
  });

  it('keeps a mental-health crisis moratorium until treatment ends, then 30 days more', () => {
    // Prepare
    const crisis = fixtureInput('Breathing Space Started', { kind: 'mental-health-crisis' });
    const { case: paused, events } = run([fixtureInput('Account In Arrears'), crisis]);
    const treatmentEnded = fixtureInput('Breathing Space Ended', {
      reason: 'treatment-ended',
      endDate: '2027-01-10',
      occurredAt: '2027-01-10T09:00:00Z',
    });

    // Act
    const ended = decide(paused, treatmentEnded, config);
    const lapsed = decide(ended.case, tick('2027-02-10T00:00:00Z'), config);

    // Assess
    expect(paused.flags.breathingSpace?.endsOn).toBeUndefined();
    expect(deadlineOf(paused, 'breathing-space-end')).toBeUndefined();
    expect(eventOf(events, 'Case Paused').until).toBeUndefined();
    expect(ended.case?.flags.breathingSpace?.endsOn).toBe('2027-02-09');
    expect(ended.case?.protections.collectionContactPaused).toBe(true);
    expect(deadlineOf(ended.case, 'breathing-space-end')?.dueAt).toBe('2027-02-09T23:59:59.999Z');
    expect(typesOf(lapsed.events)).toContain('Case Resumed');
  });
});

describe('fraud investigation', () => {
  it('pauses collection contact without freezing interest or stopping enforcement', () => {
    // Act
    const { case: c, events } = run([
      fixtureInput('Account In Arrears'),
      fixtureInput('Fraud Suspected'),
    ]);
    const collection = () =>
      decide(
        c,
        commandInput(contact('collection'), agents.lateStage, '2026-12-03T13:00:00Z'),
        config,
      );

    // Assess
    expect(c.protections).toEqual({
      collectionContactPaused: true,
      interestAndFeesFrozen: false,
      enforcementStopped: false,
      reasons: ['fraud-investigation'],
    });
    expect(eventOf(events, 'Case Paused').pausedFor).toBe('fraud-investigation');
    expect(collection).toThrow(ProtectedCaseError);
  });
});

describe('compliance deadlines', () => {
  /** A front-line case opened on 22 December, with a complaint received on Wednesday the 23rd. */
  const complained = () => {
    const opened = fixtureInput('Account In Arrears', {
      daysPastDue: 10,
      missedPayments: 1,
      occurredAt: '2026-12-22T08:00:00Z',
    });
    const received = '2026-12-23T11:00:00Z';
    const complaint = fixtureInput('Complaint Received', {
      receivedAt: received,
      occurredAt: received,
    });
    const { case: pending } = run([opened, complaint]);
    const accept = commandInput(
      { type: 'accept-handover', handoverId: handoverIdOf(pending) },
      agents.complaints,
      '2026-12-23T12:00:00Z',
    );
    return run([accept], { start: pending }).case;
  };

  it('gives a complaint three business days to summary resolution, eight weeks to final', () => {
    // Act
    const c = complained();

    // Assess
    expect(deadlineOf(c, 'complaint-summary-resolution')?.dueAt).toBe('2026-12-30T23:59:59.999Z');
    expect(deadlineOf(c, 'complaint-final-response')?.dueAt).toBe('2027-02-17T23:59:59.999Z');
  });

  it('warns once as a deadline approaches and tells of its breach once', () => {
    // Prepare
    const c = complained();
    const ticks = ['2026-12-30T00:00:00Z', '2026-12-30T12:00:00Z', '2026-12-31T00:00:00Z'];

    // Act
    const { decisions } = run([...ticks, '2026-12-31T06:00:00Z'].map(tick), { start: c });

    // Assess
    expect(decisions.map((d) => typesOf(d.events))).toEqual([
      ['Deadline Approaching'],
      [],
      ['Deadline Breached'],
      [],
    ]);
    expect(eventOf(decisions[0]?.events ?? [], 'Deadline Approaching').deadline.kind).toBe(
      'complaint-summary-resolution',
    );
  });

  it('makes the notice of sums in arrears due 14 days after the second missed payment', () => {
    // Prepare
    const { case: once } = run([fixtureInput('Payment Missed')]);
    const second = fixtureInput('Payment Missed', {
      eventId: 'bil-8001',
      missedPayments: 2,
      dueDate: '2027-01-01',
      occurredAt: '2027-01-02T06:00:00Z',
    });

    // Act
    const twice = decide(once, second, config);

    // Assess
    expect(deadlineOf(once, 'arrears-notice')).toBeUndefined();
    expect(deadlineOf(twice.case, 'arrears-notice')).toMatchObject({
      ref: 'acc-91',
      dueAt: '2027-01-16T23:59:59.999Z',
    });
  });

  it('clears the notice deadline when the notice is recorded as sent', () => {
    // Prepare
    const { case: c } = run([fixtureInput('Account In Arrears')]);
    const sent = commandInput(
      { type: 'record-arrears-notice', accountId: 'acc-88' },
      agents.lateStage,
      '2026-12-05T09:00:00Z',
    );

    // Act
    const decision = decide(c, sent, config);

    // Assess
    expect(deadlineOf(c, 'arrears-notice')?.dueAt).toBe('2026-12-17T23:59:59.999Z');
    expect(deadlineOf(decision.case, 'arrears-notice')).toBeUndefined();
    expect(decision.audit.map((a) => a.action)).toEqual(['arrears-notice-sent']);
  });
});
