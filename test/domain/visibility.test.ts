import { describe, expect, it } from 'vitest';
import { audienceOf, redactFor } from '#domain/raci.ts';
import { agents, commandInput, config, fixtureInput, run, teamLead } from './scenario.ts';

/**
 * A front-line case with a restricted note, whose customer disclosed a vulnerability with consent:
 * specialist support is asked to take it, and the stage is now specialist.
 */
const vulnerableCase = () =>
  run([
    fixtureInput('Account In Arrears', { daysPastDue: 10, missedPayments: 1 }),
    commandInput(
      { type: 'add-note', text: 'Customer mentioned a hospital stay.', restricted: true },
      agents.frontLine,
      '2026-12-03T09:00:00Z',
    ),
    commandInput(
      { type: 'add-note', text: 'Prefers calls after 6pm.' },
      agents.frontLine,
      '2026-12-03T09:30:00Z',
    ),
    fixtureInput('Vulnerability Disclosed'),
  ]).case;

describe('what each team sees of a case', () => {
  it('hides circumstances, consent wording and restricted notes from an informed team', () => {
    // Prepare
    const c = vulnerableCase();
    expect(audienceOf(c, config).get('late-stage')).toEqual(new Set(['informed']));

    // Act
    const view = redactFor(c, 'late-stage', config);

    // Assess
    expect(view.flags.vulnerability?.circumstances).toBeUndefined();
    expect(view.flags.vulnerability?.consent.toldCustomer).toBe('[restricted]');
    expect(view.notes.map((n) => n.text)).toEqual(['Prefers calls after 6pm.']);
    expect(view.handover?.context.circumstances).toBeUndefined();
  });

  it('still shows an informed team the drivers and the needs the customer agreed to share', () => {
    // Act
    const view = redactFor(vulnerableCase(), 'late-stage', config);

    // Assess
    expect(view.flags.vulnerability).toMatchObject({
      drivers: ['health'],
      needs: ['written communication only'],
    });
    expect(view.flags.vulnerability?.consent.granted).toBe(true);
    expect(view.handover?.context.needs).toEqual(['written communication only']);
  });

  it.each([
    ['the owner', 'front-line'],
    ['the receiving team', 'specialist-support'],
  ])('shows everything to %s', (_who, team) => {
    // Prepare
    const c = vulnerableCase();

    // Act
    const view = redactFor(c, team, config);

    // Assess
    expect(view).toEqual(c);
    expect(view.flags.vulnerability?.circumstances).toBe('Recovering from surgery until March.');
  });

  it('leaves the case itself unchanged when redacting a view of it', () => {
    // Prepare
    const c = vulnerableCase();
    const before = structuredClone(c);

    // Act
    redactFor(c, 'late-stage', config);

    // Assess
    expect(c).toEqual(before);
  });

  it('shows fraud notes only to accountable and consulted teams', () => {
    // Prepare
    const { case: c } = run([fixtureInput('Account In Arrears'), fixtureInput('Fraud Suspected')]);
    const audience = audienceOf(c, config);

    // Act
    const views = Object.fromEntries(
      ['late-stage', 'team-leads', 'fraud', 'specialist-support'].map((team) => [
        team,
        redactFor(c, team, config).flags.fraud?.notes,
      ]),
    );

    // Assess
    expect(audience.get('late-stage')?.has('accountable')).toBe(true);
    expect(audience.get('team-leads')?.has('accountable')).toBe(true);
    expect(views).toEqual({
      'late-stage': 'Card opened from an unknown address.',
      'team-leads': 'Card opened from an unknown address.',
      fraud: 'Card opened from an unknown address.',
      'specialist-support': '[restricted]',
    });
  });
});

describe('who a case is for', () => {
  it('includes the owner, the receiving team and every team the stage’s RACI names', () => {
    // Act
    const audience = audienceOf(vulnerableCase(), config);

    // Assess
    const roles = Object.fromEntries([...audience].map(([team, r]) => [team, [...r].sort()]));
    expect(roles).toEqual({
      'front-line': ['accountable', 'informed', 'responsible'],
      'specialist-support': ['responsible'],
      'financial-difficulty': ['responsible'],
      'breathing-space': ['responsible'],
      complaints: ['responsible'],
      'team-leads': ['accountable'],
      fraud: ['consulted'],
      'late-stage': ['informed'],
    });
  });

  it('includes the owner even when the stage’s RACI does not name it', () => {
    // Prepare
    const { case: c } = run([
      fixtureInput('Account In Arrears', { daysPastDue: 10, missedPayments: 1 }),
      commandInput(
        { type: 'reassign', team: 'complaints', reason: 'Customer is unhappy.' },
        teamLead,
        '2026-12-03T09:00:00Z',
      ),
    ]);

    // Act
    const audience = audienceOf(c, config);

    // Assess
    expect(c.stage).toBe('early-arrears');
    expect(audience.get('complaints')).toEqual(new Set(['responsible', 'accountable']));
    expect(audience.has('front-line')).toBe(true);
  });
});
