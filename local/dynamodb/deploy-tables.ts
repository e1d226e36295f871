import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { LocalLogger } from '../contracts.ts';
import type { TableDefinition } from './table-input.ts';

const describe = async (client: DynamoDBClient, name: string) => {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
};

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const sortedIndexes = (indexes: { IndexName?: string }[] = []) =>
  [...indexes].sort((a, b) => String(a.IndexName).localeCompare(String(b.IndexName)));

/** Indexes kept across a restart: create the template's new ones, drop the ones it removed. */
const reconcileIndexes = async (
  client: DynamoDBClient,
  want: TableDefinition['create'],
  have: TableDescription,
  logger: LocalLogger,
) => {
  const wanted = want.GlobalSecondaryIndexes ?? [];
  const existing = have.GlobalSecondaryIndexes ?? [];
  const shape = (i: { KeySchema?: unknown; Projection?: unknown }) => ({
    KeySchema: i.KeySchema,
    Projection: { ProjectionType: 'ALL', ...(i.Projection as object) },
  });
  for (const old of existing) {
    const match = wanted.find((w) => w.IndexName === old.IndexName);
    if (match && sameJson(shape(match), shape(old))) continue;
    logger.info('dropping index', { table: want.TableName, index: old.IndexName });
    await client.send(
      new UpdateTableCommand({
        TableName: want.TableName,
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: old.IndexName } }],
      }),
    );
  }
  const kept = new Set(
    existing
      .filter((old) => {
        const match = wanted.find((w) => w.IndexName === old.IndexName);
        return match && sameJson(shape(match), shape(old));
      })
      .map((i) => i.IndexName),
  );
  // DynamoDB creates one index per UpdateTable call.
  for (const index of sortedIndexes(wanted.filter((w) => !kept.has(w.IndexName)))) {
    logger.info('creating index', { table: want.TableName, index: index.IndexName });
    await client.send(
      new UpdateTableCommand({
        TableName: want.TableName,
        AttributeDefinitions: want.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index as never }],
      }),
    );
  }
};

const reconcileStream = async (
  client: DynamoDBClient,
  want: TableDefinition['create'],
  have: TableDescription,
) => {
  const wanted = want.StreamSpecification?.StreamViewType;
  const current = have.StreamSpecification?.StreamEnabled
    ? have.StreamSpecification.StreamViewType
    : undefined;
  if (wanted === current) return;
  if (current) {
    await client.send(
      new UpdateTableCommand({
        TableName: want.TableName,
        StreamSpecification: { StreamEnabled: false },
      }),
    );
  }
  if (wanted) {
    await client.send(
      new UpdateTableCommand({
        TableName: want.TableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: wanted },
      }),
    );
  }
};

/**
 * Differs from AWS: DynamoDB Local records the TTL setting (DescribeTimeToLive answers it), but
 * an item a day past its expiry was still there seconds later when tried here; AWS deletes
 * expired items within days, as service deletions on the stream. The app relies on neither.
 */
const reconcileTtl = async (client: DynamoDBClient, definition: TableDefinition) => {
  const TableName = definition.create.TableName;
  const current = (await client.send(new DescribeTimeToLiveCommand({ TableName })))
    .TimeToLiveDescription;
  const enabled = current?.TimeToLiveStatus === 'ENABLED' ? current.AttributeName : undefined;
  if (enabled === definition.ttlAttribute) return;
  if (enabled) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName,
        TimeToLiveSpecification: { AttributeName: enabled, Enabled: false },
      }),
    );
  }
  if (definition.ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName,
        TimeToLiveSpecification: { AttributeName: definition.ttlAttribute, Enabled: true },
      }),
    );
  }
};

/**
 * Makes DynamoDB Local hold the table the template declares: created if missing; if kept from
 * an earlier run, its indexes, stream and TTL brought in line with the template. A changed
 * primary key cannot be brought in line (AWS replaces the table): that is an error saying so.
 */
const deployTable = async (
  client: DynamoDBClient,
  definition: TableDefinition,
  logger: LocalLogger,
  dataHint: string,
): Promise<void> => {
  const want = definition.create;
  const have = await describe(client, want.TableName);
  if (!have) {
    await client.send(new CreateTableCommand(want));
    logger.info('table created', { table: want.TableName });
  } else {
    if (!sameJson(have.KeySchema, want.KeySchema)) {
      throw new Error(
        `table ${want.TableName} kept in ${dataHint} has the key ${JSON.stringify(have.KeySchema)} ` +
          `but the template declares ${JSON.stringify(want.KeySchema)}: delete ${dataHint} ` +
          '(or run with --in-memory) to start afresh',
      );
    }
    await reconcileIndexes(client, want, have, logger);
    await reconcileStream(client, want, have);
    logger.info('table kept', { table: want.TableName, items: have.ItemCount ?? 0 });
  }
  await reconcileTtl(client, definition);
};

export { deployTable };
