import { describe, expect, it } from 'vitest';
import { decide } from '#domain/decide.ts';
import { HandoverNoLongerPending, NotAllowedError } from '#domain/errors.ts';
import type { Case } from '#schemas/case.ts';
import {
  agents,
  commandInput,
  config,
  eventOf,
  fixtureInput,
  handoverIdOf,
  run,
  timeout,
  typesOf,
} from './scenario.ts';

/** A front-line case (ten days behind) whose customer then disclosed a vulnerability. */
const frontLineThenVulnerable = () =>
  run([
    fixtureInput('Account In Arrears', { daysPastDue: 10, missedPayments: 1 }),
    fixtureInput('Vulnerability Disclosed'),
  ]);

const DECLINED_AT = '2026-12-03T14:00:00Z';

const accept = (c: Case, actor = agents.specialistSupport, at = '2026-12-03T15:00:00Z') =>
  commandInput({ type: 'accept-handover', handoverId: handoverIdOf(c) }, actor, at);

const decline = (c: Case, actor: typeof agents.frontLine, at: string) =>
  commandInput(
    { type: 'decline-handover', handoverId: handoverIdOf(c), reason: 'Not ours to take on.' },
    actor,
    at,
  );

describe('requesting and accepting a handover', () => {
  it('asks specialist support to take a front-line case when a vulnerability is disclosed', () => {
    // Act
    const { case: c, decisions } = frontLineThenVulnerable();

    // Assess
    const disclosed = decisions[1];
    expect(c.owner).toEqual({ team: 'front-line' });
    expect(c.handover).toMatchObject({ from: { team: 'front-line' }, to: 'specialist-support' });
    expect(eventOf(disclosed?.events ?? [], 'Handover Requested')).toMatchObject({
      to: 'specialist-support',
      ruleId: 'vulnerable-customer',
      slaSeconds: 24 * 3_600,
      slaDueAt: '2026-12-04T10:00:00.000Z',
      owner: { team: 'front-line' },
    });
  });

  it('makes the accepting agent the owner and tells of the acceptance and the new owner', () => {
    // Prepare
    const { case: pending } = frontLineThenVulnerable();

    // Act
    const decision = decide(pending, accept(pending), config);

    // Assess
    const owner = { team: 'specialist-support', agent: 'agent-specialist-support' };
    expect(decision.case?.owner).toEqual(owner);
    expect(decision.case?.handover).toBeUndefined();
    expect(typesOf(decision.events)).toEqual(['Handover Accepted', 'Case Owner Changed']);
    expect(eventOf(decision.events, 'Case Owner Changed')).toMatchObject({
      from: { team: 'front-line' },
      owner,
      reason: 'handover-accepted',
    });
  });

  it('refuses an acceptance from a team the handover was not sent to', () => {
    // Prepare
    const { case: pending } = frontLineThenVulnerable();

    // Act
    const act = () => decide(pending, accept(pending, agents.frontLine), config);

    // Assess
    expect(act).toThrow(NotAllowedError);
  });
});

describe('declining a handover', () => {
  it('asks the team of the next matching rule when the receiving team declines', () => {
    // Prepare
    const { case: pending } = run([fixtureInput('Debt Adviser Registered')], {
      start: frontLineThenVulnerable().case,
    });
    expect(pending.handover?.to).toBe('specialist-support');

    // Act
    const decision = decide(
      pending,
      decline(pending, agents.specialistSupport, DECLINED_AT),
      config,
    );

    // Assess
    expect(eventOf(decision.events, 'Handover Declined')).toMatchObject({
      team: 'specialist-support',
      next: 'financial-difficulty',
    });
    expect(decision.case?.handover).toMatchObject({
      to: 'financial-difficulty',
      ruleId: 'financial-difficulty',
    });
    expect(decision.case?.owner).toEqual({ team: 'front-line' });
  });

  it('hands the case back to the sender when no other team matches', () => {
    // Prepare
    const { case: pending } = frontLineThenVulnerable();

    // Act
    const decision = decide(
      pending,
      decline(pending, agents.specialistSupport, DECLINED_AT),
      config,
    );

    // Assess
    expect(decision.case?.owner).toEqual({ team: 'front-line' });
    expect(decision.case?.handover).toBeUndefined();
    expect(eventOf(decision.events, 'Handover Declined').next).toBeUndefined();
    expect(typesOf(decision.events)).not.toContain('Handover Requested');
  });

  it('leaves a declining team out until a different rule comes out on top', () => {
    // Prepare
    const { case: pending } = frontLineThenVulnerable();
    const { case: declined } = run([decline(pending, agents.specialistSupport, DECLINED_AT)], {
      start: pending,
    });
    const note = commandInput(
      { type: 'add-note', text: 'Call back Friday.' },
      agents.frontLine,
      '2026-12-04T09:00:00Z',
    );
    const complaint = fixtureInput('Complaint Received', {
      receivedAt: '2026-12-05T11:00:00Z',
      occurredAt: '2026-12-05T11:00:00Z',
    });

    // Act
    const quiet = decide(declined, note, config);
    const complained = decide(quiet.case, complaint, config);
    const toComplaints = complained.case as Case;
    const redeclined = decide(
      toComplaints,
      decline(toComplaints, agents.complaints, '2026-12-05T12:00:00Z'),
      config,
    );

    // Assess
    expect(quiet.case?.handover).toBeUndefined();
    expect(quiet.case?.routing).toEqual({
      ruleId: 'vulnerable-customer',
      declined: ['specialist-support'],
    });
    expect(eventOf(complained.events, 'Handover Requested').to).toBe('complaints');
    expect(eventOf(redeclined.events, 'Handover Declined').next).toBe('specialist-support');
    expect(redeclined.case?.handover?.to).toBe('specialist-support');
  });
});

describe('missed SLAs', () => {
  it('escalates to the receiving team’s fallback, with the escalation SLA, on a timeout', () => {
    // Prepare
    const { case: pending } = frontLineThenVulnerable();

    // Act
    const decision = decide(
      pending,
      timeout(handoverIdOf(pending), false, '2026-12-04T10:00:00Z'),
      config,
    );

    // Assess
    expect(eventOf(decision.events, 'Handover Escalated')).toMatchObject({
      missedBy: 'specialist-support',
      to: 'team-leads',
      slaSeconds: 4 * 3_600,
      slaDueAt: '2026-12-04T14:00:00.000Z',
    });
    expect(decision.case?.handover).toMatchObject({ to: 'team-leads', escalated: true });
    expect(decision.case?.owner).toEqual({ team: 'front-line' });
  });

  it('makes the fallback team the owner when the escalated SLA passes too', () => {
    // Prepare
    const { case: pending } = frontLineThenVulnerable();
    const handoverId = handoverIdOf(pending);
    const { case: escalated } = run([timeout(handoverId, false, '2026-12-04T10:00:00Z')], {
      start: pending,
    });

    // Act
    const decision = decide(escalated, timeout(handoverId, true, '2026-12-04T14:00:00Z'), config);

    // Assess
    expect(decision.case?.owner).toEqual({ team: 'team-leads' });
    expect(decision.case?.handover).toBeUndefined();
    expect(eventOf(decision.events, 'Case Owner Changed')).toMatchObject({
      from: { team: 'front-line' },
      reason: 'escalation-assigned',
    });
  });

  it('throws HandoverNoLongerPending for a timeout of a handover already accepted', () => {
    // Prepare
    const { case: pending } = frontLineThenVulnerable();
    const handoverId = handoverIdOf(pending);
    const { case: accepted } = run([accept(pending)], { start: pending });

    // Act
    const act = () => decide(accepted, timeout(handoverId, false, '2026-12-04T10:00:00Z'), config);

    // Assess
    expect(act).toThrow(HandoverNoLongerPending);
  });
});
