import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStepFunctions } from '../../../local/stepfunctions/index.ts';
import { serveRoute } from './edge.ts';
import { fakeInvoker, quietLogger, ROLE, settingsFor, until } from './support.ts';

// The API through the real AWS SDK v3 client, against a tiny edge serving the route.

const tokens: string[] = [];
const lambda = fakeInvoker({
  Notify: (payload) => {
    tokens.push((payload as { token: string }).token);
    return null;
  },
});
const sfn = createStepFunctions({ settings: settingsFor(), logger: quietLogger(), lambda });
let edge: Awaited<ReturnType<typeof serveRoute>>;
let client: SFNClient;

const callbackMachine = JSON.stringify({
  StartAt: 'Await',
  States: {
    Await: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: 'Notify',
        Payload: { 'token.$': '$$.Task.Token', 'input.$': '$' },
      },
      TimeoutSeconds: 3600,
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata: { httpStatusCode: number } };
  }
  throw new Error('expected a rejection');
};

let machineArn: string;

beforeAll(async () => {
  await sfn.service.start();
  edge = await serveRoute(sfn.route);
  client = new SFNClient({
    endpoint: edge.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const created = await client.send(
    new CreateStateMachineCommand({
      name: 'callbacks',
      definition: callbackMachine,
      roleArn: ROLE,
    }),
  );
  machineArn = created.stateMachineArn as string;
});

afterAll(async () => {
  client.destroy();
  await edge.close();
  await sfn.service.stop();
});

describe('the Step Functions API', () => {
  it('creates, describes and lists state machines', async () => {
    const described = await client.send(
      new DescribeStateMachineCommand({ stateMachineArn: machineArn }),
    );
    const listed = await client.send(new ListStateMachinesCommand({}));
    expect(machineArn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:callbacks');
    expect(described).toMatchObject({
      name: 'callbacks',
      status: 'ACTIVE',
      type: 'STANDARD',
      definition: callbackMachine,
      roleArn: ROLE,
    });
    expect(described.creationDate).toBeInstanceOf(Date);
    expect(listed.stateMachines?.map((m) => m.name)).toContain('callbacks');
  });

  it('answers CreateStateMachine again with the same machine, and StateMachineAlreadyExists for another definition', async () => {
    const again = await client.send(
      new CreateStateMachineCommand({
        name: 'callbacks',
        definition: callbackMachine,
        roleArn: ROLE,
      }),
    );
    const other = await rejection(
      client.send(
        new CreateStateMachineCommand({
          name: 'callbacks',
          definition: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}',
          roleArn: ROLE,
        }),
      ),
    );
    expect(again.stateMachineArn).toBe(machineArn);
    expect(other.name).toBe('StateMachineAlreadyExists');
    expect(other.message).toBe(`State Machine Already Exists: '${machineArn}'`);
  });

  it('rejects invalid definitions with InvalidDefinition naming each problem', async () => {
    const create = (definition: string) =>
      rejection(
        client.send(new CreateStateMachineCommand({ name: 'bad', definition, roleArn: ROLE })),
      );
    const notJson = await create('{');
    const missingTarget = await create(
      JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }),
    );
    const noEnd = await create(JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass' } } }));
    const missingStart = await create(
      JSON.stringify({ StartAt: 'Z', States: { A: { Type: 'Succeed' } } }),
    );
    const dynamo = await create(
      JSON.stringify({
        StartAt: 'A',
        States: { A: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', End: true } },
      }),
    );
    const badPath = await create(
      JSON.stringify({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Parameters: { 'x.$': 'nope' }, End: true } },
      }),
    );
    const badJsonata = await create(
      JSON.stringify({
        QueryLanguage: 'JSONata',
        StartAt: 'A',
        States: { A: { Type: 'Pass', Output: '{% $states.input. %}', End: true } },
      }),
    );
    expect(notJson.name).toBe('InvalidDefinition');
    expect(notJson.message).toMatch(
      /^Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: /,
    );
    expect(missingTarget.message).toBe(
      "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next'",
    );
    expect(noEnd.message).toContain("exactly one of 'Next' or 'End: true' at /States/A");
    expect(missingStart.message).toContain(
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: Z at /StartAt",
    );
    expect(dynamo.message).toContain(
      "The resource 'arn:aws:states:::dynamodb:putItem' is not supported by the local runtime",
    );
    expect(badPath.message).toContain('at /States/A/Parameters/x.$');
    expect(badJsonata.message).toContain('INVALID_JSONATA');
  });

  it('ends a .waitForTaskToken wait with SendTaskSuccess', async () => {
    const started = await client.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn,
        name: 'order-1',
        input: '{"order":1}',
      }),
    );
    await until(() => tokens.length === 1);
    const running = await client.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn }),
    );
    await client.send(
      new SendTaskSuccessCommand({ taskToken: tokens[0], output: '{"decision":"accepted"}' }),
    );
    let done = running;
    await until(async () => {
      done = await client.send(
        new DescribeExecutionCommand({ executionArn: started.executionArn }),
      );
      return done.status !== 'RUNNING';
    });
    expect(started.executionArn).toBe(
      'arn:aws:states:us-east-1:123456789012:execution:callbacks:order-1',
    );
    expect(running.status).toBe('RUNNING');
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"decision":"accepted"}',
      input: '{"order":1}',
    });
    expect(done.stopDate).toBeInstanceOf(Date);
  });

  it('keeps execution names unique: the same start while running is the same execution, anything else ExecutionAlreadyExists', async () => {
    const first = await client.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn,
        name: 'order-2',
        input: '{"order":2}',
      }),
    );
    const same = await client.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn,
        name: 'order-2',
        input: '{"order":2}',
      }),
    );
    const different = await rejection(
      client.send(
        new StartExecutionCommand({
          stateMachineArn: machineArn,
          name: 'order-2',
          input: '{"order":3}',
        }),
      ),
    );
    const finished = await rejection(
      client.send(
        new StartExecutionCommand({
          stateMachineArn: machineArn,
          name: 'order-1',
          input: '{"order":1}',
        }),
      ),
    );
    expect(same.executionArn).toBe(first.executionArn);
    expect(same.startDate).toEqual(first.startDate);
    expect(different.name).toBe('ExecutionAlreadyExists');
    expect(different.message).toBe(`Execution Already Exists: '${first.executionArn}'`);
    expect(different.$metadata.httpStatusCode).toBe(400);
    expect(finished.name).toBe('ExecutionAlreadyExists');
  });

  it('stops an execution, recording the abort in its history', async () => {
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: 'order-3' }),
    );
    await until(() => tokens.length === 3);
    const stopped = await client.send(
      new StopExecutionCommand({
        executionArn: started.executionArn,
        error: 'Withdrawn',
        cause: 'a higher rule',
      }),
    );
    const described = await client.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn }),
    );
    const history = await client.send(
      new GetExecutionHistoryCommand({ executionArn: started.executionArn, reverseOrder: true }),
    );
    const late = await rejection(
      client.send(new SendTaskSuccessCommand({ taskToken: tokens[2], output: '{}' })),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({
      status: 'ABORTED',
      error: 'Withdrawn',
      cause: 'a higher rule',
    });
    expect(history.events?.slice(0, 2).map((e) => e.type)).toEqual([
      'ExecutionAborted',
      'TaskStateAborted',
    ]);
    expect(history.events?.[0]?.executionAbortedEventDetails).toEqual({
      error: 'Withdrawn',
      cause: 'a higher rule',
    });
    expect(late.name).toBe('TaskTimedOut');
  });

  it('lists executions newest first, filtered by status', async () => {
    const all = await client.send(new ListExecutionsCommand({ stateMachineArn: machineArn }));
    const running = await client.send(
      new ListExecutionsCommand({ stateMachineArn: machineArn, statusFilter: 'RUNNING' }),
    );
    const succeeded = await client.send(
      new ListExecutionsCommand({ stateMachineArn: machineArn, statusFilter: 'SUCCEEDED' }),
    );
    expect(all.executions?.map((e) => e.name)).toEqual(['order-3', 'order-2', 'order-1']);
    expect(running.executions?.map((e) => e.name)).toEqual(['order-2']);
    expect(succeeded.executions?.map((e) => e.name)).toEqual(['order-1']);
  });

  it('pages the history in either order, with AWS’s event shapes', async () => {
    const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:callbacks:order-1';
    const first = await client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 3 }),
    );
    const rest = await client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 100, nextToken: first.nextToken }),
    );
    const events = [...(first.events ?? []), ...(rest.events ?? [])];
    expect(first.events).toHaveLength(3);
    expect(rest.nextToken).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((e) => [e.id, e.previousEventId])).toEqual(events.map((_, i) => [i + 1, i]));
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
    expect(events[0]?.executionStartedEventDetails).toMatchObject({
      input: '{"order":1}',
      roleArn: ROLE,
    });
    expect(events[1]?.stateEnteredEventDetails).toMatchObject({
      name: 'Await',
      input: '{"order":1}',
    });
    expect(events[2]?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      region: 'us-east-1',
      timeoutInSeconds: 3600,
    });
    expect(JSON.parse(events[2]?.taskScheduledEventDetails?.parameters as string)).toMatchObject({
      FunctionName: 'Notify',
    });
    expect(events[5]?.taskSucceededEventDetails).toMatchObject({
      output: '{"decision":"accepted"}',
    });
    expect(events[9]?.executionSucceededEventDetails).toMatchObject({
      output: '{"decision":"accepted"}',
    });
  });

  it('names missing resources as AWS does', async () => {
    const noMachine = await rejection(
      client.send(
        new DescribeStateMachineCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:nope',
        }),
      ),
    );
    const noExecution = await rejection(
      client.send(
        new DescribeExecutionCommand({
          executionArn: 'arn:aws:states:us-east-1:123456789012:execution:callbacks:nope',
        }),
      ),
    );
    const badInput = await rejection(
      client.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: '{oops' })),
    );
    const badName = await rejection(
      client.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'has space' })),
    );
    expect(noMachine.name).toBe('StateMachineDoesNotExist');
    expect(noMachine.message).toBe(
      "State Machine Does Not Exist: 'arn:aws:states:us-east-1:123456789012:stateMachine:nope'",
    );
    expect(noExecution.name).toBe('ExecutionDoesNotExist');
    expect(badInput.name).toBe('InvalidExecutionInput');
    expect(badName.name).toBe('InvalidName');
  });
});
