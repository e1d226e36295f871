import { describe, expect, it } from 'vitest';
import { decide } from '#domain/decide.ts';
import { NotAllowedError, ProtectedCaseError } from '#domain/errors.ts';
import type { CaseInput } from '#domain/inputs.ts';
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

/** A front-line case: ten days behind on one payment, opened on 3 December. */
const frontLine = () => fixtureInput('Account In Arrears', { daysPastDue: 10, missedPayments: 1 });

const at = '2026-12-03T14:00:00Z';

const promise = (dueDate: string) =>
  commandInput(
    { type: 'promise-to-pay', amountMinor: 2500, currency: 'GBP', dueDate },
    agents.frontLine,
    at,
  );

/** Each shipped rule, and what makes it decide for a front-line case. */
const scenarios: [rule: string, team: string, why: string, inputs: () => CaseInput[]][] = [
  ['fraud-suspected', 'fraud', 'fraud is suspected', () => [fixtureInput('Fraud Suspected')]],
  [
    'breathing-space',
    'breathing-space',
    'a breathing space starts',
    () => [fixtureInput('Breathing Space Started')],
  ],
  [
    'open-complaint',
    'complaints',
    'a complaint is received',
    () => [fixtureInput('Complaint Received')],
  ],
  [
    'vulnerable-customer',
    'specialist-support',
    'a vulnerability is disclosed',
    () => [fixtureInput('Vulnerability Disclosed')],
  ],
  [
    'financial-difficulty',
    'financial-difficulty',
    'an agent records financial difficulty',
    () => [
      commandInput(
        { type: 'flag-financial-difficulty', reason: 'Income and expenditure shows a deficit.' },
        agents.frontLine,
        at,
      ),
    ],
  ],
  [
    'financial-difficulty',
    'financial-difficulty',
    'a debt adviser registers',
    () => [fixtureInput('Debt Adviser Registered')],
  ],
  [
    'financial-difficulty',
    'financial-difficulty',
    'two promises break',
    () => [promise('2026-12-04'), promise('2026-12-05'), tick('2026-12-06T09:00:00Z')],
  ],
  [
    'late-arrears',
    'late-stage',
    'the account reaches 30 days past due',
    () => [
      fixtureInput('Account In Arrears', {
        eventId: 'bil-30',
        daysPastDue: 30,
        missedPayments: 1,
        occurredAt: '2026-12-04T08:00:00Z',
      }),
    ],
  ],
];

describe('the shipped routing rules', () => {
  it.each(scenarios)('%s asks %s to take a front-line case when %s', (rule, team, _why, inputs) => {
    // Prepare
    const { case: opened } = run([frontLine()]);

    // Act
    const { case: c, events } = run(inputs(), { start: opened });

    // Assess
    expect(c.owner).toEqual({ team: 'front-line' });
    expect(c.handover).toMatchObject({ to: team, ruleId: rule });
    expect(eventOf(events, 'Handover Requested')).toMatchObject({ to: team, ruleId: rule });
  });

  it('puts a case 90 days past due in the recovery stage', () => {
    // Act
    const { case: c } = run([fixtureInput('Account In Arrears', { daysPastDue: 90 })]);

    // Assess
    expect(c.stage).toBe('recovery');
    expect(c.owner).toEqual({ team: 'late-stage' });
  });
});

describe('financial difficulty', () => {
  it('refuses to flag a case already flagged, and to clear one that is not', () => {
    // Prepare
    const { case: opened } = run([frontLine()]);
    const flag = commandInput(
      { type: 'flag-financial-difficulty', reason: 'Lost their job.' },
      agents.frontLine,
      at,
    );
    const { case: flagged } = run([flag], { start: opened });
    const again = commandInput(
      { type: 'flag-financial-difficulty', reason: 'Lost their job.' },
      agents.frontLine,
      at,
    );
    const clear = commandInput(
      { type: 'clear-financial-difficulty', reason: 'Back at work.' },
      agents.frontLine,
      at,
    );

    // Act and assess
    expect(flagged.flags.financialDifficulty).toBe(true);
    expect(flagged.stage).toBe('specialist');
    expect(() => decide(flagged, again, config)).toThrow(NotAllowedError);
    expect(() => decide(opened, clear, config)).toThrow(/not flagged as in financial difficulty/);
  });
});

describe('ending protections and complaints', () => {
  it('stops the DISP clocks when the complaint is resolved', () => {
    // Prepare
    const { case: complained } = run([frontLine(), fixtureInput('Complaint Received')]);

    // Act
    const { case: c } = run([fixtureInput('Complaint Resolved')], { start: complained });

    // Assess
    const kinds = (deadlines: { kind: string }[]) => deadlines.map((d) => d.kind);
    expect(kinds(complained.deadlines)).toContain('complaint-summary-resolution');
    expect(kinds(c.deadlines)).not.toContain('complaint-summary-resolution');
    expect(kinds(c.deadlines)).not.toContain('complaint-final-response');
    expect(c.flags.complaints).toEqual([]);
  });

  it('resumes collection contact when the fraud suspicion is cleared', () => {
    // Prepare
    const { case: suspected } = run([frontLine(), fixtureInput('Fraud Suspected')]);

    // Act
    const { case: c, events } = run([fixtureInput('Fraud Cleared')], { start: suspected });

    // Assess
    expect(suspected.protections.collectionContactPaused).toBe(true);
    expect(c.protections.collectionContactPaused).toBe(false);
    expect(typesOf(events)).toContain('Case Resumed');
    expect(eventOf(events, 'Case Resumed').pausedFor).toBe('fraud-investigation');
  });

  it('refuses to close a case while a complaint is open', () => {
    // Prepare
    const { case: complained } = run([frontLine(), fixtureInput('Complaint Received')]);
    const close = commandInput({ type: 'close', reason: 'paid' }, agents.frontLine, at);

    // Act and assess
    expect(() => decide(complained, close, config)).toThrow(ProtectedCaseError);
  });

  it('hands the case to the team that accepts, leaving the rule in force', () => {
    // Prepare
    const { case: pending } = run([frontLine(), fixtureInput('Breathing Space Started')]);
    const accept = commandInput(
      { type: 'accept-handover', handoverId: handoverIdOf(pending) },
      agents.breathingSpace,
      at,
    );

    // Act
    const { case: c } = run([accept], { start: pending });

    // Assess
    expect(c.owner.team).toBe('breathing-space');
    expect(c.routing.ruleId).toBe('breathing-space');
    expect(c.protections.collectionContactPaused).toBe(true);
  });
});
