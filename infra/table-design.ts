/**
 * The case table's shape, shared by the CDK construct and by whatever creates the table outside
 * CloudFormation (DynamoDB Local in tests), so it is declared once.
 */
const TABLE_DESIGN = {
  partitionKey: 'PK',
  sortKey: 'SK',
  timeToLiveAttribute: 'expiresAt',
  indexes: [
    { indexName: 'byTeamQueue', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'byNextDeadline', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: 'byInbox', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

/**
 * The partition key prefix of each kind of item, as `functions/lib/table-keys.ts` and
 * `functions/lib/connections.ts` build the keys, so an IAM `dynamodb:LeadingKeys` condition can
 * keep a function to its own kinds. A case's audit records and handovers share its partition.
 */
const PARTITION_PREFIXES = {
  case: 'CASE#',
  customer: 'CUSTOMER#',
  input: 'INPUT#',
  connection: 'CONN#',
  subscription: 'SUB#',
} as const;

/**
 * Every attribute of a handover item (`CASE#<caseId>`, `HANDOVER#<handoverId>`), which keeps the
 * task token of the wait in progress. IAM allows handover-wait to put items of these attributes
 * only: it cannot write a case or an audit record with their contents, though a put under such a
 * key would still replace that item with a handover-shaped one, as IAM has no condition on sort
 * keys. The handler only ever writes `HANDOVER#` keys.
 */
const HANDOVER_ITEM_ATTRIBUTES = [
  'PK',
  'SK',
  'type',
  'taskToken',
  'phase',
  'to',
  'recordedAt',
] as const;

export { HANDOVER_ITEM_ATTRIBUTES, PARTITION_PREFIXES, TABLE_DESIGN };
