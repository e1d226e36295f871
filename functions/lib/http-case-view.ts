import { clearanceOf, redactFor } from '#domain/raci.ts';
import type { AuditRecord } from '#schemas/audit-record.ts';
import { CaseNotFoundError } from './errors.ts';
import { assertMayReadCase, viewerTeam } from './http-access.ts';
import type { Route } from './http-handler.ts';
import { pathParameter } from './http-request.ts';
import { batonConfig, caseStore } from './runtime.ts';

/**
 * One entry of a case's timeline. The field-by-field `changes` can hold anything the case holds,
 * vulnerability circumstances included, so they are shown only to teams cleared to see those.
 */
const timelineEntry = (record: AuditRecord, withChanges: boolean) => ({
  seq: record.seq,
  at: record.at,
  actor: record.actor,
  action: record.action,
  ...(record.reason ? { reason: record.reason } : {}),
  ...(withChanges ? { changes: record.changes } : {}),
});

/** `GET /cases/{caseId}`: the case as the caller's team may see it, and its timeline. */
const caseRoute: Route = async ({ event, claims }) => {
  const caseId = pathParameter(event, 'caseId');
  const store = caseStore();
  const config = batonConfig();
  const [found, audit] = await Promise.all([store.getCase(caseId), store.getAudit(caseId)]);
  if (!found) throw new CaseNotFoundError(`case ${caseId} does not exist`);
  assertMayReadCase(found, claims, config);
  const team = viewerTeam(found, claims, config);
  const withChanges = clearanceOf(found, team, config).vulnerability;
  return {
    body: {
      case: redactFor(found, team, config),
      timeline: audit.map((record) => timelineEntry(record, withChanges)),
    },
  };
};

export { caseRoute };
