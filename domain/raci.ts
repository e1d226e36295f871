import type { Case } from '#schemas/case.ts';
import type { BatonConfig, RaciRole } from './config/config.ts';

/** Each team that has a part in a case now, with its roles. */
type Audience = Map<string, Set<RaciRole>>;

const add = (audience: Audience, team: string, role: RaciRole) => {
  const roles = audience.get(team) ?? new Set<RaciRole>();
  roles.add(role);
  audience.set(team, roles);
};

/**
 * The teams that should see a case and be told of its changes: the RACI of its stage, plus the
 * owner (responsible and accountable for this case) and a receiving team (responsible once it
 * accepts, so it sees what it is asked to take on).
 */
const audienceOf = (c: Case, config: BatonConfig): Audience => {
  const audience: Audience = new Map();
  const raci = config.raci.stages[c.stage];
  for (const team of raci.responsible) add(audience, team, 'responsible');
  add(audience, raci.accountable, 'accountable');
  for (const team of raci.consulted) add(audience, team, 'consulted');
  for (const team of raci.informed) add(audience, team, 'informed');
  add(audience, c.owner.team, 'responsible');
  add(audience, c.owner.team, 'accountable');
  if (c.handover) add(audience, c.handover.to, 'responsible');
  return audience;
};

/** Which restricted kinds of data a team may see on a case. */
const clearanceOf = (c: Case, team: string, config: BatonConfig) => {
  const roles = audienceOf(c, config).get(team) ?? new Set<RaciRole>();
  const { restrictedAccess } = config.raci;
  return {
    vulnerability: restrictedAccess.vulnerability.some((r) => roles.has(r)),
    fraud: restrictedAccess.fraud.some((r) => roles.has(r)),
  };
};

/**
 * The case as a team may see it: vulnerability circumstances and consent, fraud notes, restricted
 * notes and the circumstances in a handover's context are removed for teams whose role does not
 * need them. Needs the customer consented to share stay visible to every team in the audience.
 */
const redactFor = (c: Case, team: string, config: BatonConfig): Case => {
  const clearance = clearanceOf(c, team, config);
  const view = structuredClone(c);
  if (!clearance.vulnerability) {
    if (view.flags.vulnerability) {
      const { circumstances: _c, consent: _k, ...rest } = view.flags.vulnerability;
      view.flags.vulnerability = { ...rest, consent: redactedConsent(view.flags.vulnerability) };
    }
    if (view.handover) delete view.handover.context.circumstances;
    view.notes = view.notes.filter((n) => !n.restricted);
  }
  if (!clearance.fraud && view.flags.fraud) {
    view.flags.fraud = { ...view.flags.fraud, notes: '[restricted]', reason: '[restricted]' };
  }
  return view;
};

const redactedConsent = (v: NonNullable<Case['flags']['vulnerability']>) => ({
  ...v.consent,
  toldCustomer: '[restricted]',
});

export type { Audience };
export { audienceOf, clearanceOf, redactFor };
