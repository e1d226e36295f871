import type {
  AttributeDefinition,
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
  LocalSecondaryIndex,
  Projection,
  ProvisionedThroughput,
  StreamSpecification,
} from '@aws-sdk/client-dynamodb';
import type { TemplateResource } from '../contracts.ts';

/** What the template says a table is, in the shape DynamoDB's API takes. */
interface TableDefinition {
  create: CreateTableCommandInput & { TableName: string };
  /** The TTL attribute, when the template enables TTL. */
  ttlAttribute?: string;
}

type Props = Record<string, unknown>;

const throughput = (value: unknown): ProvisionedThroughput | undefined => {
  if (!value || typeof value !== 'object') return undefined;
  const t = value as Props;
  return {
    ReadCapacityUnits: Number(t.ReadCapacityUnits),
    WriteCapacityUnits: Number(t.WriteCapacityUnits),
  };
};

const index = (value: Props, provisioned: boolean) => ({
  IndexName: String(value.IndexName),
  KeySchema: value.KeySchema as KeySchemaElement[],
  Projection: value.Projection as Projection,
  ...(provisioned ? { ProvisionedThroughput: throughput(value.ProvisionedThroughput) } : {}),
});

/**
 * The CreateTable request for an `AWS::DynamoDB::Table`, from its resolved properties: keys,
 * indexes, billing mode and stream exactly as the template declares them.
 *
 * Differs from AWS: the KMS key (`SSESpecification`), point-in-time recovery, deletion
 * protection, contributor insights, table class and tags are not applied; DynamoDB Local
 * has none of them.
 */
const tableDefinition = (table: TemplateResource): TableDefinition => {
  const p = table.properties;
  const billingMode = p.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED';
  const provisioned = billingMode === 'PROVISIONED';
  const gsis = (p.GlobalSecondaryIndexes as Props[] | undefined) ?? [];
  const lsis = (p.LocalSecondaryIndexes as Props[] | undefined) ?? [];
  const stream = p.StreamSpecification as Props | undefined;
  const ttl = p.TimeToLiveSpecification as Props | undefined;
  const streamSpecification: StreamSpecification | undefined = stream?.StreamViewType
    ? { StreamEnabled: true, StreamViewType: stream.StreamViewType as never }
    : undefined;
  return {
    create: {
      TableName: typeof p.TableName === 'string' ? p.TableName : table.ref,
      AttributeDefinitions: p.AttributeDefinitions as AttributeDefinition[],
      KeySchema: p.KeySchema as KeySchemaElement[],
      BillingMode: billingMode,
      ...(provisioned ? { ProvisionedThroughput: throughput(p.ProvisionedThroughput) } : {}),
      ...(gsis.length
        ? { GlobalSecondaryIndexes: gsis.map((g) => index(g, provisioned) as GlobalSecondaryIndex) }
        : {}),
      ...(lsis.length
        ? { LocalSecondaryIndexes: lsis.map((l) => index(l, false) as LocalSecondaryIndex) }
        : {}),
      ...(streamSpecification ? { StreamSpecification: streamSpecification } : {}),
    },
    ttlAttribute:
      ttl && (ttl.Enabled === true || ttl.Enabled === 'true')
        ? String(ttl.AttributeName)
        : undefined,
  };
};

export type { TableDefinition };
export { tableDefinition };
