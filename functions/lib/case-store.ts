import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { BatonConfig } from '#domain/config/config.ts';
import type { Decision } from '#domain/decide.ts';
import type { AuditRecord } from '#schemas/audit-record.ts';
import type { Case } from '#schemas/case.ts';
import type { CaseEvent } from '#schemas/case-events.ts';
import { auditKey, caseKey, indexAttributes, inputKey, openCaseKey } from './table-keys.ts';

/** How long an input's claim is kept: far beyond any redelivery or archive replay window. */
const INPUT_CLAIM_DAYS = 400;

/** What a commit found when it lost: who won, so the caller knows whether to retry. */
type CommitOutcome = 'committed' | 'conflict' | 'duplicate';

/**
 * The case table as the handlers use it: read a case, read a customer's open case, and commit a
 * decision as one transaction.
 */
class CaseStore {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly config: BatonConfig;

  constructor(db: DynamoDBDocumentClient, tableName: string, config: BatonConfig) {
    this.db = db;
    this.tableName = tableName;
    this.config = config;
  }

  async getCase(caseId: string): Promise<Case | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: caseKey(caseId), ConsistentRead: true }),
    );
    return Item?.case as Case | undefined;
  }

  async getOpenCase(customerId: string): Promise<Case | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: openCaseKey(customerId),
        ConsistentRead: true,
      }),
    );
    return Item ? this.getCase(Item.caseId as string) : undefined;
  }

  /** A case's audit trail in order. */
  async getAudit(caseId: string): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
          ExpressionAttributeValues: { ':pk': caseKey(caseId).PK, ':audit': 'AUDIT#' },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) records.push(item.record as AuditRecord);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return records;
  }

  /**
   * Writes a decision in one transaction: the case conditioned on the version it was decided
   * from, each audit record conditioned on its sequence being new (carrying the events of its
   * step, for the stream to publish), the input's claim, and the customer's open-case pointer.
   * The audit trail is complete because it is written with what it records.
   */
  async commit(
    previous: Case | undefined,
    decision: Decision,
    inputId: string | undefined,
  ): Promise<CommitOutcome> {
    const next = decision.case;
    if (!next) return 'committed';
    const table = this.tableName;
    const rulePriority =
      this.config.routing.rules.find((r) => r.id === next.routing.ruleId)?.priority ?? 0;
    const items: NonNullable<
      ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
    > = [
      {
        Put: {
          TableName: table,
          Item: {
            ...caseKey(next.caseId),
            type: 'case',
            case: next,
            version: next.version,
            customerId: next.customerId,
            ...indexAttributes(next, rulePriority, this.config.policy.stallAfterDays),
          },
          ...(previous && previous.caseId === next.caseId
            ? {
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':v': previous.version },
              }
            : { ConditionExpression: 'attribute_not_exists(PK)' }),
        },
      },
    ];
    if (!previous || previous.caseId !== next.caseId) {
      items.push({
        Put: {
          TableName: table,
          Item: { ...openCaseKey(next.customerId), caseId: next.caseId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
    } else if (next.status === 'closed') {
      items.push({
        Delete: {
          TableName: table,
          Key: openCaseKey(next.customerId),
          ConditionExpression: 'caseId = :id',
          ExpressionAttributeValues: { ':id': next.caseId },
        },
      });
    }
    for (const record of decision.audit) {
      items.push({
        Put: {
          TableName: table,
          Item: {
            ...auditKey(record.caseId, record.seq),
            type: 'audit',
            record,
            customerId: next.customerId,
            owner: next.owner,
            stage: next.stage,
            events: eventsOfStep(decision.events, record),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
    }
    if (inputId) {
      items.push({
        Put: {
          TableName: table,
          Item: {
            ...inputKey(inputId),
            caseId: next.caseId,
            expiresAt: Math.floor(Date.now() / 1_000) + INPUT_CLAIM_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'committed';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const claimLost = inputId && reasons.at(-1)?.Code === 'ConditionalCheckFailed';
      const caseLost = reasons.slice(0, -1).some((r) => r.Code === 'ConditionalCheckFailed');
      if (claimLost && !caseLost) return 'duplicate';
      if (
        reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')
      ) {
        return 'conflict';
      }
      throw error;
    }
  }
}

/** The events emitted just before a step's record: their ids carry that record's sequence. */
const eventsOfStep = (events: CaseEvent[], record: AuditRecord): CaseEvent[] =>
  events.filter((e) => e.detail.eventId.startsWith(`${record.caseId}#${record.seq}#`));

export type { CommitOutcome };
export { CaseStore };
