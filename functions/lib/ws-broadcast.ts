import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { BatonConfig } from '#domain/config/config.ts';
import { audienceOf, clearanceOf, redactFor } from '#domain/raci.ts';
import type { Case } from '#schemas/case.ts';
import type { ConnectionStore } from './connections.ts';
import { readEnv } from './env.ts';
import { logger } from './runtime.ts';
import { caseChangedMessage, caseLeftMessage } from './ws-messages.ts';

/** One message to send: to a connection, with the view of one team it is subscribed to. */
interface Delivery {
  connectionId: string;
  /** The team whose view it is sent. */
  team: string;
  /** Every audience team it is subscribed to, so a gone connection loses all of them. */
  teams: string[];
  /** The team no longer has a part in the case: it is told the case left, not shown it. */
  left?: boolean;
}

/** How a broadcast went, for the log line and the function's result. */
interface BroadcastSummary {
  teams: number;
  connections: number;
  sent: number;
  gone: number;
  failed: number;
  truncated: number;
}

/** Sends one message to one connection; rejects with `GoneException` when it is closed. */
type Post = (connectionId: string, data: string) => Promise<void>;

const clearanceScore = (c: Case, team: string, config: BatonConfig) => {
  const { vulnerability, fraud } = clearanceOf(c, team, config);
  return Number(vulnerability) + Number(fraud);
};

/**
 * One delivery per connection, whatever number of audience teams it is subscribed to: an agent
 * watching two teams sees one update, not two differing ones. Each view is one team's view,
 * never a merge of several (a merge would be a redaction rule of its own, unreviewed); the
 * connection gets the view of its most-cleared team, which its token already entitles it to
 * through that team. Ties go to the earlier team in the audience, so the choice is stable.
 */
const planDeliveries = (
  c: Case,
  subscribers: ReadonlyMap<string, readonly string[]>,
  config: BatonConfig,
): Delivery[] => {
  const score = new Map([...subscribers.keys()].map((t) => [t, clearanceScore(c, t, config)]));
  const byConnection = new Map<string, Delivery>();
  for (const [team, connectionIds] of subscribers) {
    for (const connectionId of connectionIds) {
      const delivery = byConnection.get(connectionId);
      if (!delivery) {
        byConnection.set(connectionId, { connectionId, team, teams: [team] });
        continue;
      }
      delivery.teams.push(team);
      if ((score.get(team) ?? 0) > (score.get(delivery.team) ?? 0)) delivery.team = team;
    }
  }
  return [...byConnection.values()];
};

/**
 * Pushes a changed case to every connection subscribed to a team in its audience, each with its
 * team's view, and tells the teams the change took the case from, and that no longer have a part
 * in it, that it left them. A gone connection is forgotten; any other failure is logged and
 * skipped, so one bad connection never holds up the rest.
 */
const broadcastCase = async (
  c: Case,
  change: { seq: number; action: string; formerTeams?: string[] | undefined },
  deps: { store: ConnectionStore; config: BatonConfig; post: Post },
): Promise<BroadcastSummary> => {
  const { store, config, post } = deps;
  const audience = audienceOf(c, config);
  const teams = [...audience.keys()];
  const left = (change.formerTeams ?? []).filter((t) => !audience.has(t));
  const subscribersOf = (list: string[]) =>
    Promise.all(list.map(async (t) => [t, await store.subscribers(t)] as const));
  const subscribers = new Map(await subscribersOf(teams));
  const deliveries = planDeliveries(c, subscribers, config);
  const reached = new Set(deliveries.map((d) => d.connectionId));
  for (const [team, connectionIds] of await subscribersOf(left)) {
    for (const connectionId of connectionIds) {
      if (reached.has(connectionId)) continue;
      reached.add(connectionId);
      deliveries.push({ connectionId, team, teams: [team], left: true });
    }
  }
  const messages = new Map<string, ReturnType<typeof caseChangedMessage>>();
  const messageFor = (team: string, hasLeft: boolean) => {
    if (hasLeft) return { data: caseLeftMessage(change, team, c.caseId), truncated: false };
    let message = messages.get(team);
    if (!message) {
      message = caseChangedMessage(change, team, redactFor(c, team, config));
      messages.set(team, message);
    }
    return message;
  };
  const summary: BroadcastSummary = {
    teams: teams.length,
    connections: deliveries.length,
    sent: 0,
    gone: 0,
    failed: 0,
    truncated: 0,
  };
  await Promise.all(
    deliveries.map(async ({ connectionId, team, teams: subscribed, left: hasLeft }) => {
      const message = messageFor(team, hasLeft ?? false);
      try {
        await post(connectionId, message.data);
        summary.sent += 1;
        if (message.truncated) summary.truncated += 1;
      } catch (error) {
        if (!(error instanceof GoneException)) {
          summary.failed += 1;
          logger.warn('push failed', { connectionId, error: (error as Error).name });
          return;
        }
        summary.gone += 1;
        await forget(store, connectionId, subscribed);
      }
    }),
  );
  return summary;
};

const forget = async (store: ConnectionStore, connectionId: string, teams: string[]) => {
  try {
    await store.close(connectionId, teams);
    logger.info('gone connection removed', { connectionId });
  } catch (error) {
    // Its items still expire by TTL, and the next push to it finds it gone again.
    logger.warn('gone connection not removed', { connectionId, error: (error as Error).name });
  }
};

let client: ApiGatewayManagementApiClient | undefined;

/** Posts through the stage's `@connections` API, named by `WEBSOCKET_CALLBACK_URL`. */
const postToConnection: Post = async (connectionId, data) => {
  client ??= new ApiGatewayManagementApiClient({
    endpoint: readEnv(['WEBSOCKET_CALLBACK_URL']).WEBSOCKET_CALLBACK_URL,
  });
  await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
};

export type { BroadcastSummary, Delivery, Post };
export { broadcastCase, planDeliveries, postToConnection };
