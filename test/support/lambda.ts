import { readFileSync } from 'node:fs';
import { inject } from 'vitest';

/**
 * Points the handlers' AWS SDK clients at DynamoDB Local through the SDK's own endpoint
 * variables, so the handler code runs unchanged, and names the table they use. Call before
 * importing a handler: handlers read their configuration once, at cold start.
 */
const useLocalAws = (tableName: string, extra: Record<string, string> = {}) => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    TABLE_NAME: tableName,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...extra,
  });
};

/** A fixture of real event JSON from `test/fixtures/events`, with detail fields overridden. */
const eventFixture = (name: string, detail: Record<string, unknown> = {}) => {
  const event = JSON.parse(
    readFileSync(new URL(`../fixtures/events/${name}.json`, import.meta.url), 'utf8'),
  ) as { detail: Record<string, unknown> } & Record<string, unknown>;
  return { ...event, detail: { ...event.detail, ...detail } };
};

/** The Lambda context the handlers' middleware reads. */
const lambdaContext = (functionName = 'test') =>
  ({
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as const;

export { eventFixture, lambdaContext, useLocalAws };
