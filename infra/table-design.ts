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

export { TABLE_DESIGN };
