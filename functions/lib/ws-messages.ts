import { z } from 'zod';
import type { BatonConfig } from '#domain/config/config.ts';
import type { Case } from '#schemas/case.ts';
import { teamId } from '#schemas/common.ts';
import type { ConnectionOwner } from './connections.ts';

/** API Gateway refuses a WebSocket message larger than this (it is sent in 32 KB frames). */
const MAX_MESSAGE_BYTES = 128 * 1_024;

/**
 * What the `$connect` authorizer passes on. API Gateway stringifies context values, so `lead`
 * may arrive as `"true"`; teams arrive comma-joined (team ids cannot contain commas).
 */
const authorizerContext = z.object({
  agentId: z.string().min(1),
  teams: z.string().transform((joined) => joined.split(',').filter(Boolean)),
  lead: z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]),
});

/**
 * A client's request for a team's changes.
 * @example {"action":"subscribe","teams":["specialist-support"]}
 */
const subscribeRequest = z.object({
  action: z.literal('subscribe'),
  teams: z.array(teamId).min(1).max(16),
});

/** The codes of the errors a client can be sent; stable, so the view can act on them. */
type ErrorCode =
  | 'INVALID_MESSAGE'
  | 'UNKNOWN_ACTION'
  | 'UNKNOWN_TEAM'
  | 'TEAM_NOT_ALLOWED'
  | 'NOT_CONNECTED';

/** Every message Baton sends over a WebSocket. */
type ServerMessage =
  | { type: 'subscribed'; teams: string[] }
  | { type: 'error'; code: ErrorCode; message: string }
  | { type: 'case-changed'; seq: number; action: string; team: string; case: Case }
  | { type: 'case-changed'; seq: number; action: string; caseId: string; truncated: true }
  | { type: 'case-left'; seq: number; action: string; team: string; caseId: string };

/**
 * A route's answer. The `subscribe` and `$default` routes have a route response, so API Gateway
 * sends the body to the client as a message; the status goes to the access log.
 */
const reply = (statusCode: number, message: ServerMessage) => ({
  statusCode,
  body: JSON.stringify(message),
});

const refusal = (statusCode: number, code: ErrorCode, message: string) =>
  reply(statusCode, { type: 'error', code, message });

const HOW_TO_SUBSCRIBE = 'send {"action":"subscribe","teams":["<team id>", ...]}';

/**
 * Why a connection may not subscribe to these teams, or undefined when it may: a team must be
 * configured, and one of the token's teams unless the agent leads (leads may watch any team).
 */
const subscriptionRefusal = (
  teams: readonly string[],
  owner: ConnectionOwner,
  config: BatonConfig,
): { code: ErrorCode; message: string } | undefined => {
  const configured = new Set(config.teams.map((t) => t.id));
  const unknown = teams.filter((t) => !configured.has(t));
  if (unknown.length) {
    return { code: 'UNKNOWN_TEAM', message: `Baton has no team ${unknown.join(', ')}.` };
  }
  if (owner.lead) return undefined;
  const outside = teams.filter((t) => !owner.teams.includes(t));
  if (outside.length) {
    return {
      code: 'TEAM_NOT_ALLOWED',
      message: `Your sign-in is not for ${outside.join(', ')}; you may subscribe to ${owner.teams.join(', ')}.`,
    };
  }
  return undefined;
};

/**
 * The message for one team's view of a changed case; past the size limit it is only a notice
 * with the case id, and the client reads the case over HTTP.
 */
const caseChangedMessage = (
  change: { seq: number; action: string },
  team: string,
  view: Case,
): { data: string; truncated: boolean } => {
  const { seq, action } = change;
  const whole: ServerMessage = { type: 'case-changed', seq, action, team, case: view };
  const data = JSON.stringify(whole);
  if (Buffer.byteLength(data) <= MAX_MESSAGE_BYTES) return { data, truncated: false };
  const notice: ServerMessage = {
    type: 'case-changed',
    seq,
    action,
    caseId: view.caseId,
    truncated: true,
  };
  return { data: JSON.stringify(notice), truncated: true };
};

/**
 * The notice to a team the case has left (it owned it, or was asked to take it, and no longer
 * has a part in it): the view drops it. It carries no case, as the team may no longer see one.
 */
const caseLeftMessage = (change: { seq: number; action: string }, team: string, caseId: string) =>
  JSON.stringify({
    type: 'case-left',
    seq: change.seq,
    action: change.action,
    team,
    caseId,
  } satisfies ServerMessage);

export type { ErrorCode, ServerMessage };
export {
  authorizerContext,
  caseChangedMessage,
  caseLeftMessage,
  HOW_TO_SUBSCRIBE,
  MAX_MESSAGE_BYTES,
  refusal,
  reply,
  subscribeRequest,
  subscriptionRefusal,
};
