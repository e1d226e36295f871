import { z } from 'zod';
import { NotFoundError } from '#domain/errors.ts';
import type { Case } from '#schemas/case.ts';
import { overdueCases, type Page, teamInbox, teamQueue, unownedCases } from './case-queries.ts';
import { assertLead, assertMayReadTeam, caseViewFor } from './http-access.ts';
import type { Route } from './http-handler.ts';
import { type HttpRequest, pathParameter, queryOf } from './http-request.ts';
import { batonConfig, caseStore, logger } from './runtime.ts';

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(4_096).optional(),
});

const overdueQuery = pageQuery.extend({
  before: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 instant' })
    .transform((instant) => new Date(instant).toISOString())
    .optional(),
});

/** The team named in the path, which must be one the configuration knows. */
const knownTeam = ({ event }: HttpRequest): string => {
  const team = pathParameter(event, 'team');
  if (!batonConfig().teams.some((t) => t.id === team)) throw new NotFoundError(`no team ${team}`);
  return team;
};

/** A page of cases, each as the caller may see it. */
const casePage = ({ claims }: HttpRequest, page: Page<Case>) => {
  logger.info('list read', { items: page.items.length, more: page.cursor !== undefined });
  const config = batonConfig();
  return {
    body: {
      items: page.items.map((c) => caseViewFor(c, claims, config)),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    },
  };
};

/** `GET /teams/{team}/queue`: the open cases the team owns, most urgent first. */
const queueRoute: Route = async (request) => {
  const team = knownTeam(request);
  assertMayReadTeam(team, request.claims);
  const page = await teamQueue(caseStore(), team, queryOf(pageQuery, request.event));
  return casePage(request, page);
};

/** `GET /teams/{team}/inbox`: the cases the team is asked to take on, most urgent first. */
const inboxRoute: Route = async (request) => {
  const team = knownTeam(request);
  assertMayReadTeam(team, request.claims);
  const page = await teamInbox(caseStore(), team, queryOf(pageQuery, request.event));
  return casePage(request, page);
};

/** `GET /cases/overdue?before=`: open cases with a deadline passed before then (default now). */
const overdueRoute: Route = async (request) => {
  assertLead(request.claims, 'overdue cases across teams');
  const { before, ...page } = queryOf(overdueQuery, request.event);
  const now = new Date().toISOString();
  return casePage(request, await overdueCases(caseStore(), before ?? now, page));
};

/** `GET /cases/unowned`: the audit check that no case is without an owner; always empty. */
const unownedRoute: Route = async (request) => {
  assertLead(request.claims, 'the unowned-case check');
  const page = await unownedCases(caseStore(), queryOf(pageQuery, request.event));
  if (page.items.length) logger.error('cases without an owner', { caseIds: page.items });
  return { body: page };
};

export { inboxRoute, overdueRoute, queueRoute, unownedRoute };
