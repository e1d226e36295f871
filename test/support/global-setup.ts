import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local-process.ts';

/**
 * One DynamoDB Local for the handler tests, started the way the local runtime starts it, in
 * memory: several JVMs at once would halve each one's speed.
 */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal({ inMemory: true });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
