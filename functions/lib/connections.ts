import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from './dynamo.ts';
import { readEnv } from './env.ts';
import { connectionKey } from './table-keys.ts';

/**
 * How long a connection's items are kept: API Gateway closes every WebSocket connection after
 * 2 hours, and the margin covers a `$disconnect` that never ran. TTL deletion is lazy (it can
 * lag by days), so readers also filter on `expiresAt` themselves.
 */
const CONNECTION_TTL_SECONDS = 2 * 3_600 + 15 * 60;

/**
 * One item per (team, connection), so broadcast finds a team's connections with one Query on the
 * team's partition instead of a Scan of every connection in the table. The connection item
 * keeps the set of its teams, so `$disconnect` knows which subscription items to delete.
 */
const subscriptionKey = (team: string, connectionId: string) => ({
  PK: `SUB#${team}`,
  SK: `CONN#${connectionId}`,
});

/** Who opened a connection, as the `$connect` authorizer vouched for them. */
interface ConnectionOwner {
  agentId: string;
  teams: string[];
  lead: boolean;
}

/** A live WebSocket connection as stored. */
interface Connection extends ConnectionOwner {
  connectionId: string;
  connectedAt: string;
  /** Epoch seconds, the table's TTL attribute. */
  expiresAt: number;
  /** The teams whose changes it receives. */
  subscriptions: string[];
}

/** The WebSocket connections and their team subscriptions in the case table. */
class ConnectionStore {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.db = db;
    this.tableName = tableName;
  }

  /** Records a new connection, with no subscriptions yet. */
  async open(connectionId: string, owner: ConnectionOwner, now = Date.now()): Promise<Connection> {
    const connection: Connection = {
      connectionId,
      ...owner,
      connectedAt: new Date(now).toISOString(),
      expiresAt: Math.floor(now / 1_000) + CONNECTION_TTL_SECONDS,
      subscriptions: [],
    };
    const { subscriptions: _none, ...attributes } = connection;
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...connectionKey(connectionId), type: 'connection', ...attributes },
      }),
    );
    return connection;
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: connectionKey(connectionId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      connectionId,
      agentId: Item.agentId,
      teams: Item.teams,
      lead: Item.lead,
      connectedAt: Item.connectedAt,
      expiresAt: Item.expiresAt,
      subscriptions: [...((Item.subscriptions as Set<string> | undefined) ?? [])].sort(),
    };
  }

  /**
   * Subscribes a connection to teams: its subscription items, expiring with it, and the teams
   * added to its set, in one transaction conditioned on the connection still existing. So every
   * subscription item is either in the set `close` reads back or was never written. Answers
   * false when the connection is gone.
   */
  async subscribe(connection: Connection, teams: string[]): Promise<boolean> {
    const { connectionId, expiresAt } = connection;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: connectionKey(connectionId),
                UpdateExpression: 'ADD subscriptions :teams',
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeValues: { ':teams': new Set(teams) },
              },
            },
            ...teams.map((team) => ({
              Put: {
                TableName: this.tableName,
                Item: {
                  ...subscriptionKey(team, connectionId),
                  type: 'subscription',
                  team,
                  connectionId,
                  expiresAt,
                },
              },
            })),
          ],
        }),
      );
      return true;
    } catch (error) {
      const lost = error instanceof TransactionCanceledException;
      if (lost && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  /**
   * Forgets a connection: deletes its item, reading back its subscriptions in the same request,
   * then each subscription item, plus those of `alsoTeams` (subscriptions a reader found that the
   * connection item no longer lists). Returns the teams it was subscribed to. Idempotent.
   */
  async close(connectionId: string, alsoTeams: readonly string[] = []): Promise<string[]> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: connectionKey(connectionId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    const listed = [...((Attributes?.subscriptions as Set<string> | undefined) ?? [])];
    const teams = [...new Set([...listed, ...alsoTeams])].sort();
    await Promise.all(
      teams.map((team) =>
        this.db.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: subscriptionKey(team, connectionId),
          }),
        ),
      ),
    );
    return teams;
  }

  /** The connections subscribed to a team and not yet expired. */
  async subscribers(team: string, now = Date.now()): Promise<string[]> {
    const ids: string[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :conn)',
          FilterExpression: 'expiresAt > :now',
          ExpressionAttributeValues: {
            ':pk': subscriptionKey(team, '').PK,
            ':conn': 'CONN#',
            ':now': Math.floor(now / 1_000),
          },
          ProjectionExpression: 'connectionId',
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) ids.push(item.connectionId as string);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return ids;
  }
}

let store: ConnectionStore | undefined;

/** The connection store over the table named by `TABLE_NAME`, created once per process. */
const connectionStore = (): ConnectionStore => {
  store ??= new ConnectionStore(documentClient(), readEnv(['TABLE_NAME']).TABLE_NAME);
  return store;
};

export type { Connection, ConnectionOwner };
export { CONNECTION_TTL_SECONDS, ConnectionStore, connectionStore, subscriptionKey };
