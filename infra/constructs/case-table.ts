import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_DESIGN } from '../table-design.ts';

/** Properties of {@link CaseTable}. */
interface CaseTableProps {
  /** The stage; the table is named `baton-<stage>-cases`. */
  readonly stage: string;
  /** The customer-managed key that encrypts the table, its stream and its backups. */
  readonly encryptionKey: IKey;
  /**
   * Whether the table refuses deletion and outlives the stack. Off only where cases are
   * throwaway (the `dev` stage), so a developer can tear a stack down and build it again.
   * @default true
   */
  readonly protect?: boolean;
}

/**
 * The single table: cases, audit records, handovers, idempotency keys and WebSocket connections,
 * keyed `PK`/`SK`. Its stream (new and old images) is the outbox and the audit feed.
 */
class CaseTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: CaseTableProps) {
    super(scope, id);
    const protect = props.protect ?? true;
    const string = AttributeType.STRING;
    const { partitionKey, sortKey, timeToLiveAttribute, indexes } = TABLE_DESIGN;
    this.table = new Table(this, 'Table', {
      tableName: `baton-${props.stage}-cases`,
      partitionKey: { name: partitionKey, type: string },
      sortKey: { name: sortKey, type: string },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: protect,
      removalPolicy: protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      timeToLiveAttribute,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
    });
    // Every index is sparse: only items that carry the key attributes appear in them. They
    // project everything so a queue or overdue list is one Query, not a Query plus GetItems.
    for (const index of indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: string },
        sortKey: { name: index.sortKey, type: string },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}

export type { CaseTableProps };
export { CaseTable };
