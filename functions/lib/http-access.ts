/*
 * Who may read what over HTTP. Commands are authorised by the domain; reads are checked here:
 * a case by the teams in its audience and by leads, a team's lists by its members and by leads,
 * and the cross-team lists (overdue, unowned) by leads only.
 */
import type { BatonConfig } from '#domain/config/config.ts';
import { NotAllowedError } from '#domain/errors.ts';
import { audienceOf, clearanceOf, redactFor } from '#domain/raci.ts';
import type { Case } from '#schemas/case.ts';
import type { Claims } from './token.ts';

/**
 * The caller's team that may see most of this case, so a member of several teams gets the
 * fullest view any of them allows: clearances first, then a part in the case at all.
 */
const viewerTeam = (c: Case, claims: Claims, config: BatonConfig): string => {
  const audience = audienceOf(c, config);
  const score = (team: string) => {
    const clearance = clearanceOf(c, team, config);
    return (
      Number(clearance.vulnerability) * 2 + Number(clearance.fraud) * 2 + Number(audience.has(team))
    );
  };
  return claims.teams.reduce((best, team) => (score(team) > score(best) ? team : best));
};

/** The case as the caller may see it. */
const caseViewFor = (c: Case, claims: Claims, config: BatonConfig): Case =>
  redactFor(c, viewerTeam(c, claims, config), config);

const assertMayReadCase = (c: Case, claims: Claims, config: BatonConfig): void => {
  if (claims.lead) return;
  const audience = audienceOf(c, config);
  if (!claims.teams.some((team) => audience.has(team))) {
    throw new NotAllowedError(`${claims.teams.join(', ')} have no part in case ${c.caseId}`);
  }
};

const assertMayReadTeam = (team: string, claims: Claims): void => {
  if (claims.lead || claims.teams.includes(team)) return;
  throw new NotAllowedError(`only members of ${team} and team leads may see its cases`);
};

const assertLead = (claims: Claims, what: string): void => {
  if (!claims.lead) throw new NotAllowedError(`only team leads may see ${what}`);
};

export { assertLead, assertMayReadCase, assertMayReadTeam, caseViewFor, viewerTeam };
