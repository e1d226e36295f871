import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { nextDeadlineAt } from '#domain/deadlines.ts';
import type { Case } from '#schemas/case.ts';
import { ValidationError } from '#schemas/validation.ts';
import type { CaseStore } from './case-store.ts';
import { DEADLINE_SHARDS } from './table-keys.ts';

/** One page of a list: at most `limit` entries, and where the next page starts, if any. */
interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}
interface Page<T> {
  items: T[];
  cursor?: string;
}

/** The indexes read here, as `infra/table-design.ts` declares them. */
const TEAM_QUEUE = { name: 'byTeamQueue', pk: 'gsi1pk', sk: 'gsi1sk' } as const;
const NEXT_DEADLINE = { name: 'byNextDeadline', pk: 'gsi2pk', sk: 'gsi2sk' } as const;
const INBOX = { name: 'byInbox', pk: 'gsi3pk', sk: 'gsi3sk' } as const;
type Index = typeof TEAM_QUEUE | typeof NEXT_DEADLINE | typeof INBOX;

/** Case items evaluated per unowned-check request: DynamoDB stops a page at 1 MB before this. */
const SCAN_BUDGET = 1_000;

const invalidCursor = () =>
  new ValidationError('query', [{ path: 'cursor', message: 'is not a cursor this list gave' }]);

/** Cursors are opaque to callers: a position in the table, base64url-encoded JSON. */
const encodeCursor = (position: Record<string, unknown>) =>
  Buffer.from(JSON.stringify(position)).toString('base64url');

/** Decodes a cursor holding exactly `keys`, each a string; anything else is a 400. */
const decodeCursor = <K extends string>(cursor: string, keys: readonly K[]): Record<K, string> => {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof position !== 'object' || position === null) throw invalidCursor();
  const entries = Object.entries(position);
  const wellFormed =
    entries.length === keys.length &&
    entries.every(([key, value]) => keys.includes(key as K) && typeof value === 'string');
  if (!wellFormed) throw invalidCursor();
  return position as Record<K, string>;
};

/** One partition of an index, in sort-key order; the cursor cannot leave that partition. */
const partitionPage = async (
  store: CaseStore,
  index: Index,
  partition: string,
  page: PageRequest,
): Promise<Page<Case>> => {
  const start = page.cursor ? decodeCursor(page.cursor, ['PK', 'SK', index.pk, index.sk]) : null;
  if (start && start[index.pk] !== partition) throw invalidCursor();
  const result = await store.db.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.pk },
      ExpressionAttributeValues: { ':pk': partition },
      Limit: page.limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const items = (result.Items ?? []).map((item) => item.case as Case);
  return result.LastEvaluatedKey
    ? { items, cursor: encodeCursor(result.LastEvaluatedKey) }
    : { items };
};

/** The open cases a team owns, most urgent first: highest rule priority, then next deadline. */
const teamQueue = (store: CaseStore, team: string, page: PageRequest) =>
  partitionPage(store, TEAM_QUEUE, `TEAM#${team}`, page);

/** The cases with a handover in flight to a team, most urgent first. */
const teamInbox = (store: CaseStore, team: string, page: PageRequest) =>
  partitionPage(store, INBOX, `INBOX#${team}`, page);

const deadlineShard = (
  store: CaseStore,
  shard: number,
  before: string,
  after: string | undefined,
  limit: number,
) =>
  store.db.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: NEXT_DEADLINE.name,
      // BETWEEN is inclusive: the entry the cursor names comes back, and the caller drops it.
      KeyConditionExpression: after
        ? 'gsi2pk = :shard AND gsi2sk BETWEEN :after AND :before'
        : 'gsi2pk = :shard AND gsi2sk < :before',
      ExpressionAttributeValues: {
        ':shard': `DEADLINE#${shard}`,
        ':before': before,
        ...(after ? { ':after': after } : {}),
      },
      Limit: limit,
    }),
  );

/**
 * Open cases whose next deadline passed before `before`, earliest first, merged from every shard
 * of the deadline index. The first `limit` entries after the cursor are among the first `limit`
 * of each shard, so each shard is asked for that many (one more for the cursor's own entry).
 */
const overdueCases = async (
  store: CaseStore,
  before: string,
  page: PageRequest,
): Promise<Page<Case>> => {
  const after = page.cursor ? decodeCursor(page.cursor, ['after']).after : undefined;
  if (after !== undefined && after >= before) return { items: [] };
  const shards = await Promise.all(
    Array.from({ length: DEADLINE_SHARDS }, (_, shard) =>
      deadlineShard(store, shard, before, after, page.limit + 1),
    ),
  );
  const entries = shards
    .flatMap((result) => result.Items ?? [])
    .filter((item) => item.gsi2sk !== after)
    .sort((a, b) => (a.gsi2sk < b.gsi2sk ? -1 : 1));
  const taken = entries.slice(0, page.limit);
  const last = taken.at(-1);
  const more = entries.length > page.limit || shards.some((result) => result.LastEvaluatedKey);
  // The index orders cases by their next action, which may be the moment an untouched case would
  // stall; only a deadline that has passed makes a case overdue.
  const items = taken
    .map((item) => item.case as Case)
    .filter((c) => {
      const due = nextDeadlineAt(c);
      return due !== undefined && Date.parse(due) < Date.parse(before);
    });
  return more && last ? { items, cursor: encodeCursor({ after: last.gsi2sk }) } : { items };
};

/** What the unowned check reports of a case: enough to find it, nothing about the customer. */
interface UnownedCase {
  caseId: string;
  status: string;
  stage: string;
}

/**
 * Case items without an owner team. No index can find an item by an attribute it lacks, so this
 * is a Scan of the table filtered to case items: an audit check that must always come back empty,
 * not a working list. Each call evaluates at most SCAN_BUDGET items; the cursor carries on from
 * there, so a caller pages until there is no cursor (pages may be empty before that).
 */
const unownedCases = async (store: CaseStore, page: PageRequest): Promise<Page<UnownedCase>> => {
  const start = page.cursor ? decodeCursor(page.cursor, ['PK', 'SK']) : undefined;
  const result = await store.db.send(
    new ScanCommand({
      TableName: store.tableName,
      FilterExpression:
        'SK = :case AND (attribute_not_exists(#case.#owner.#team) OR #case.#owner.#team = :none)',
      ProjectionExpression: 'PK, SK, #case.#caseId, #case.#status, #case.#stage',
      ExpressionAttributeNames: {
        '#case': 'case',
        '#owner': 'owner',
        '#team': 'team',
        '#caseId': 'caseId',
        '#status': 'status',
        '#stage': 'stage',
      },
      ExpressionAttributeValues: { ':case': 'CASE', ':none': '' },
      Limit: SCAN_BUDGET,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const found = result.Items ?? [];
  const taken = found.slice(0, page.limit);
  const last = taken.at(-1);
  const position =
    found.length > page.limit && last ? { PK: last.PK, SK: last.SK } : result.LastEvaluatedKey;
  const items = taken.map((item) => ({
    caseId: String(item.case?.caseId ?? String(item.PK).slice('CASE#'.length)),
    status: String(item.case?.status),
    stage: String(item.case?.stage),
  }));
  return position ? { items, cursor: encodeCursor(position) } : { items };
};

export type { Page, PageRequest, UnownedCase };
export { overdueCases, teamInbox, teamQueue, unownedCases };
