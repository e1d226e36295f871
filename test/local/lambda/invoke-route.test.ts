import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLambda, type LocalLambda } from '../../../local/lambda/index.ts';
import { memoryDeadLetters } from '../../fixtures/local/lambda/dead-letters.ts';
import { serveRoutes } from '../../fixtures/local/lambda/edge-server.ts';
import { capturedLogger } from '../../fixtures/local/lambda/logs.ts';
import {
  fixtureAssetDir,
  fixtureFunction,
  testSettings,
} from '../../fixtures/local/lambda/template.ts';

const decode = (payload: Uint8Array | undefined) =>
  JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;

describe('Lambda Invoke API on the edge', () => {
  const { logger, lines } = capturedLogger('lambda');
  let lambda: LocalLambda;
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let client: LambdaClient;

  beforeAll(async () => {
    lambda = createLambda({
      settings: testSettings(),
      logger,
      deadLetters: memoryDeadLetters(),
      functions: [
        fixtureFunction('echo', 'baton-test-echo'),
        fixtureFunction('named-error', 'baton-test-named-error'),
        fixtureFunction('sleeper', 'baton-test-sleeper', { Timeout: 1 }),
      ],
      invokeConfigs: [],
      assetDir: fixtureAssetDir,
      environment: {},
      output: () => undefined,
    });
    await lambda.service.start();
    server = await serveRoutes([lambda.route]);
    client = new LambdaClient({
      endpoint: server.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    client.destroy();
    await server.close();
    await lambda.service.stop();
  });

  it('answers a RequestResponse invocation with the function’s result', async () => {
    // Act
    const answer = await client.send(
      new InvokeCommand({
        FunctionName: 'baton-test-echo',
        Payload: JSON.stringify({ say: 'over the wire' }),
      }),
    );

    // Assess
    expect(answer.StatusCode).toBe(200);
    expect(answer.FunctionError).toBeUndefined();
    expect(answer.ExecutedVersion).toBe('$LATEST');
    expect(decode(answer.Payload).event).toEqual({ say: 'over the wire' });
  });

  it('invokes by ARN with the $LATEST qualifier', async () => {
    // Act
    const answer = await client.send(
      new InvokeCommand({
        FunctionName: 'arn:aws:lambda:eu-west-2:123456789012:function:baton-test-echo',
        Qualifier: '$LATEST',
        Payload: JSON.stringify({ say: 'by arn' }),
      }),
    );

    // Assess
    expect(decode(answer.Payload).event).toEqual({ say: 'by arn' });
  });

  it('answers a function error with X-Amz-Function-Error Unhandled and the runtime’s error payload', async () => {
    // Act
    const answer = await client.send(
      new InvokeCommand({
        FunctionName: 'baton-test-named-error',
        Payload: JSON.stringify({ caseId: 'C-9' }),
      }),
    );

    // Assess
    expect(answer.StatusCode).toBe(200);
    expect(answer.FunctionError).toBe('Unhandled');
    expect(decode(answer.Payload)).toMatchObject({
      errorType: 'CaseNotFoundError',
      errorMessage: 'no case C-9',
      trace: expect.arrayContaining([expect.stringContaining('CaseNotFoundError: no case C-9')]),
    });
  });

  it('answers a timeout as an unhandled Sandbox.Timedout error', async () => {
    // Act
    const answer = await client.send(
      new InvokeCommand({
        FunctionName: 'baton-test-sleeper',
        Payload: JSON.stringify({ ms: 5_000 }),
      }),
    );

    // Assess
    expect(answer.FunctionError).toBe('Unhandled');
    expect(decode(answer.Payload)).toMatchObject({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringMatching(/Task timed out after 1\.00 seconds$/),
    });
  });

  it('accepts an Event invocation with 202 and runs it in the background', async () => {
    // Act
    const answer = await client.send(
      new InvokeCommand({
        FunctionName: 'baton-test-echo',
        InvocationType: 'Event',
        Payload: JSON.stringify({ say: 'later' }),
      }),
    );

    // Assess
    expect(answer.StatusCode).toBe(202);
    const requestId = answer.$metadata.requestId;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await vi.waitFor(() =>
      expect(lines).toContainEqual(
        expect.objectContaining({ message: 'invocation ended', requestId }),
      ),
    );
  });

  it('answers a DryRun with 204 without running the function', async () => {
    // Act
    const answer = await client.send(
      new InvokeCommand({ FunctionName: 'baton-test-echo', InvocationType: 'DryRun' }),
    );

    // Assess
    expect(answer.StatusCode).toBe(204);
  });

  it('answers an unknown function with ResourceNotFoundException', async () => {
    // Act
    const failure = client.send(new InvokeCommand({ FunctionName: 'baton-test-missing' }));

    // Assess
    await expect(failure).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message:
        'Function not found: arn:aws:lambda:eu-west-2:123456789012:function:baton-test-missing',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('answers a payload that is not JSON with InvalidRequestContentException', async () => {
    // Act
    const failure = client.send(
      new InvokeCommand({
        FunctionName: 'baton-test-echo',
        Payload: new TextEncoder().encode('{nope'),
      }),
    );

    // Assess
    await expect(failure).rejects.toMatchObject({
      name: 'InvalidRequestContentException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
