import { describe, expect, it } from 'vitest';
import { type BatonConfig, defaultConfig, loadConfig } from '#domain/config/config.ts';
import { decide } from '#domain/decide.ts';
import { ConfigError } from '#domain/errors.ts';
import {
  agents,
  commandInput,
  config,
  eventOf,
  fixtureDetail,
  fixtureInput,
  handoverIdOf,
  run,
  typesOf,
} from './scenario.ts';

/** A front-line case (ten days behind) whose customer then disclosed a vulnerability. */
const frontLineThenVulnerable = () =>
  run([
    fixtureInput('Account In Arrears', { daysPastDue: 10, missedPayments: 1 }),
    fixtureInput('Vulnerability Disclosed'),
  ]);

describe('priorities and context', () => {
  it('calls off a pending specialist handover and asks fraud at once, as fraud outranks it', () => {
    // Prepare
    const { case: pending } = frontLineThenVulnerable();

    // Act
    const suspected = decide(pending, fixtureInput('Fraud Suspected'), config);
    const lateAccept = () =>
      decide(
        suspected.case,
        commandInput(
          { type: 'accept-handover', handoverId: handoverIdOf(pending) },
          agents.specialistSupport,
          '2026-12-03T15:00:00Z',
        ),
        config,
      );

    // Assess
    expect(suspected.case?.routing.ruleId).toBe('fraud-suspected');
    expect(suspected.case?.owner.team).toBe('front-line');
    expect(typesOf(suspected.events)).toEqual([
      'Case Paused',
      'Handover Withdrawn',
      'Handover Requested',
    ]);
    expect(eventOf(suspected.events, 'Handover Withdrawn')).toMatchObject({
      handoverId: handoverIdOf(pending),
      team: 'specialist-support',
      reason: 'fraud-suspected now decides',
    });
    expect(eventOf(suspected.events, 'Handover Requested')).toMatchObject({
      to: 'fraud',
      priority: 100,
      slaSeconds: 4 * 3_600,
    });
    expect(lateAccept).toThrow(expect.objectContaining({ name: 'HandoverNoLongerPending' }));
  });

  it('hands over the circumstances, consented needs, promises and open deadlines', () => {
    // Prepare
    const promise = commandInput(
      {
        type: 'promise-to-pay',
        accountId: 'acc-88',
        amountMinor: 5000,
        currency: 'GBP',
        dueDate: '2026-12-10',
      },
      agents.lateStage,
      '2026-12-03T09:00:00Z',
    );

    // Act
    const { case: c } = run([
      fixtureInput('Account In Arrears'),
      promise,
      fixtureInput('Vulnerability Disclosed'),
    ]);

    // Assess
    const context = c.handover?.context;
    expect(context).toMatchObject({
      circumstances: 'Recovering from surgery until March.',
      needs: ['written communication only'],
      promises: [{ accountId: 'acc-88', amountMinor: 5000, dueDate: '2026-12-10', status: 'open' }],
    });
    expect(context?.summary).toContain('£125.50 in arrears');
    expect(context?.openDeadlines.map((d) => d.kind)).toEqual(['promise-to-pay', 'arrears-notice']);
  });

  it('carries no circumstances or needs the customer did not consent to share', () => {
    // Prepare
    const { consent } = fixtureDetail('Vulnerability Disclosed');
    const refused = fixtureInput('Vulnerability Disclosed', {
      consent: { ...(consent as object), granted: false },
    });

    // Act
    const { case: c } = run([
      fixtureInput('Account In Arrears', { daysPastDue: 10, missedPayments: 1 }),
      refused,
    ]);

    // Assess
    expect(c.handover?.context.circumstances).toBeUndefined();
    expect(c.handover?.context.needs).toEqual([]);
  });
});

describe('routing configuration', () => {
  const shipped = (): BatonConfig => structuredClone(defaultConfig());

  const problemsOf = (raw: unknown): string[] => {
    try {
      loadConfig(raw);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    throw new Error('expected a ConfigError, but the configuration loaded');
  };

  it('names the broken rule and the stage that names an unknown team, both at once', () => {
    // Prepare
    const raw = shipped();
    const rule = raw.routing.rules.find((r) => r.id === 'vulnerable-customer');
    if (rule) rule.when = { fact: 'vulnerable', gte: 1 };
    raw.raci.stages.specialist.consulted = ['fraud-ops'];

    // Act
    const problems = problemsOf(raw);

    // Assess
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual(
      expect.stringMatching(/\(vulnerable-customer\)\.when: vulnerable/),
    );
    expect(problems).toContainEqual(
      expect.stringContaining('raci.stages.specialist.consulted[0]: unknown team "fraud-ops"'),
    );
  });

  it('rejects rules without an unconditional one', () => {
    // Prepare
    const raw = shipped();
    raw.routing.rules.pop();

    // Act
    const problems = problemsOf(raw);

    // Assess
    expect(problems).toEqual([expect.stringMatching(/lowest-priority rule must be .*always/)]);
  });

  it('rejects a catch-all ranked above other rules, naming each rule it would shadow', () => {
    // Prepare
    const raw = shipped();
    const catchAll = raw.routing.rules.find((r) => r.id === 'front-line');
    if (catchAll) catchAll.priority = 75;

    // Act
    const problems = problemsOf(raw);

    // Assess
    expect(problems).toEqual([
      expect.stringMatching(
        /\(vulnerable-customer\): can never decide, as front-line \(priority 75\)/,
      ),
      expect.stringMatching(/\(financial-difficulty\): can never decide/),
      expect.stringMatching(/\(late-arrears\): can never decide/),
    ]);
  });

  it('names the fact, the operator and the rule of a broken condition', () => {
    // Prepare
    const raw = shipped() as unknown as { routing: { rules: { id: string; when: unknown }[] } };
    const late = raw.routing.rules.find((r) => r.id === 'late-arrears');
    if (late)
      late.when = {
        any: [
          { fact: 'daysPastDue', gte: '30' },
          { fact: 'dayPastDue', gte: 30 },
        ],
      };
    const complaint = raw.routing.rules.find((r) => r.id === 'open-complaint');
    if (complaint) complaint.when = { fact: 'openComplaints', atLeast: 1 };

    // Act
    const problems = problemsOf(raw);

    // Assess
    expect(problems).toEqual([
      'routing.rules[2] (open-complaint).when: atLeast: not an operator; use one of is, in, gte, gt, lte, lt',
      'routing.rules[5] (late-arrears).when.any[0]: daysPastDue is a number; test it with is, gte, gt, lte or lt and a number',
      expect.stringMatching(
        /^routing\.rules\[5\] \(late-arrears\)\.when\.any\[1\]: unknown fact "dayPastDue"; facts are fraudSuspected, /,
      ),
    ]);
  });
});
