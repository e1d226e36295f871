import { describe, expect, it } from 'vitest';
import { fnArn, functionError, runToEnd } from './support.ts';

// Examples of the developer guide's "Processing input and output" pages, with their documented
// outputs. `HelloFunction` plays the guide's Lambda function: it greets `who`.
const hello = { HelloFunction: (event: unknown) => `Hello, ${(event as { who: string }).who}!` };

const single = (state: Record<string, unknown>) => ({
  StartAt: 'S',
  States: { S: { ...state, End: true } },
});

describe('JSONPath input and output processing', () => {
  it('selects part of the input with InputPath', async () => {
    const input = {
      comment: 'Example for InputPath.',
      dataset1: { val1: 1, val2: 2, val3: 3 },
      dataset2: { val1: 'a', val2: 'b', val3: 'c' },
    };
    const result = await runToEnd(single({ Type: 'Pass', InputPath: '$.dataset2' }), input);
    expect(result.output).toEqual({ val1: 'a', val2: 'b', val3: 'c' });
  });

  it('builds a new input with Parameters', async () => {
    const input = {
      comment: 'Example for Parameters.',
      product: {
        details: { color: 'blue', size: 'small', material: 'cotton' },
        availability: 'in stock',
        sku: '2317',
        cost: '$23',
      },
    };
    const parameters = {
      comment: 'Selecting what I care about.',
      MyDetails: {
        'size.$': '$.product.details.size',
        'exists.$': '$.product.availability',
        StaticValue: 'foo',
      },
    };
    const result = await runToEnd(single({ Type: 'Pass', Parameters: parameters }), input);
    expect(result.output).toEqual({
      comment: 'Selecting what I care about.',
      MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' },
    });
  });

  it('reshapes a task result with ResultSelector', async () => {
    const clusterResult = {
      resourceType: 'elasticmapreduce',
      resource: 'createCluster.sync',
      output: { SdkHttpMetadata: { HttpStatusCode: 200 }, ClusterId: 'AKIAIOSFODNN7EXAMPLE' },
    };
    const result = await runToEnd(
      single({
        Type: 'Task',
        Resource: fnArn('CreateCluster'),
        ResultSelector: { 'ClusterId.$': '$.output.ClusterId', 'ResourceType.$': '$.resourceType' },
        ResultPath: '$.EMROutput',
      }),
      { cluster: 'x' },
      { CreateCluster: () => clusterResult },
    );
    expect(result.output).toEqual({
      cluster: 'x',
      EMROutput: { ClusterId: 'AKIAIOSFODNN7EXAMPLE', ResourceType: 'elasticmapreduce' },
    });
  });

  describe('ResultPath', () => {
    const input = {
      comment: 'This is a test of the input and output of a Task state.',
      details: 'Default example',
      who: 'AWS Step Functions',
    };
    const task = (resultPath?: string | null) =>
      single({
        Type: 'Task',
        Resource: fnArn('HelloFunction'),
        ...(resultPath === undefined ? {} : { ResultPath: resultPath }),
      });

    it('replaces the input with the result by default ($)', async () => {
      expect((await runToEnd(task(), input, hello)).output).toBe('Hello, AWS Step Functions!');
    });

    it('discards the result and keeps the input with null', async () => {
      expect((await runToEnd(task(null), input, hello)).output).toEqual(input);
    });

    it('includes the result with the input', async () => {
      expect((await runToEnd(task('$.taskresult'), input, hello)).output).toEqual({
        ...input,
        taskresult: 'Hello, AWS Step Functions!',
      });
    });

    it('updates a node of the input with the result', async () => {
      expect((await runToEnd(task('$.comment'), input, hello)).output).toEqual({
        ...input,
        comment: 'Hello, AWS Step Functions!',
      });
    });

    it('fails with States.ResultPathMatchFailure when the input cannot hold the result', async () => {
      const result = await runToEnd(
        {
          StartAt: 'P',
          States: { P: { Type: 'Pass', Result: 'x', ResultPath: '$.a.b', End: true } },
        },
        { a: 'text' },
      );
      expect(result).toMatchObject({ status: 'FAILED', error: 'States.ResultPathMatchFailure' });
    });
  });

  it('combines InputPath, ResultPath and OutputPath as the guide’s example does', async () => {
    const input = {
      comment: 'An input comment.',
      data: { val1: 23, val2: 17 },
      extra: 'foo',
      lambda: { who: 'AWS Step Functions' },
    };
    const result = await runToEnd(
      single({
        Type: 'Task',
        Resource: fnArn('HelloFunction'),
        InputPath: '$.lambda',
        ResultPath: '$.data.lambdaresult',
        OutputPath: '$.data',
      }),
      input,
      hello,
    );
    expect(result.output).toEqual({
      val1: 23,
      val2: 17,
      lambdaresult: 'Hello, AWS Step Functions!',
    });
  });

  it('places a Pass state’s Result with ResultPath', async () => {
    const result = await runToEnd(
      {
        StartAt: 'No-op',
        States: {
          'No-op': {
            Type: 'Pass',
            Result: { 'x-datum': 0.381018, 'y-datum': 622.2269926397355 },
            ResultPath: '$.coords',
            End: true,
          },
        },
      },
      { georefOf: 'Home' },
    );
    expect(result.output).toEqual({
      georefOf: 'Home',
      coords: { 'x-datum': 0.381018, 'y-datum': 622.2269926397355 },
    });
  });

  it('reads the context object with $$ in Parameters', async () => {
    const result = await runToEnd(
      single({
        Type: 'Pass',
        Parameters: {
          'execution.$': '$$.Execution.Id',
          'input.$': '$$.Execution.Input',
          'state.$': '$$.State.Name',
          'retries.$': '$$.State.RetryCount',
          'machine.$': '$$.StateMachine.Name',
        },
      }),
      { a: 1 },
    );
    expect(result.output).toMatchObject({
      input: { a: 1 },
      state: 'S',
      retries: 0,
      machine: 'machine',
    });
    expect((result.output as { execution: string }).execution).toMatch(
      /^arn:aws:states:us-east-1:123456789012:execution:machine:/,
    );
  });

  it('passes `$`-free strings and nested objects through Parameters unchanged', async () => {
    const result = await runToEnd(
      single({
        Type: 'Pass',
        Parameters: { plain: '$.not-a-path', nested: { 'v.$': '$.v' }, list: [{ 'w.$': '$.v' }] },
      }),
      { v: 7 },
    );
    expect(result.output).toEqual({ plain: '$.not-a-path', nested: { v: 7 }, list: [{ w: 7 }] });
  });

  it('gives OutputPath null and InputPath null an empty object', async () => {
    const result = await runToEnd(
      {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', InputPath: null, ResultPath: '$.seen', Next: 'B' },
          B: { Type: 'Pass', OutputPath: null, End: true },
        },
      },
      { a: 1 },
    );
    expect(result.output).toEqual({});
  });

  it('fails with States.Runtime, worded as AWS words it, when a Parameters path is missing', async () => {
    const result = await runToEnd(single({ Type: 'Pass', Parameters: { 'x.$': '$.missing' } }), {
      a: 1,
    });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toBe(
      "An error occurred while executing the state 'S' (entered at the event id #2). The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '{\"a\":1}'",
    );
  });

  it('does not let Catch or States.ALL catch States.Runtime', async () => {
    const result = await runToEnd(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: fnArn('HelloFunction'),
            OutputPath: '$.nowhere',
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Succeed' },
        },
      },
      { who: 'x' },
      hello,
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('places the error output with a catcher’s ResultPath', async () => {
    const result = await runToEnd(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: fnArn('Failing'),
            Catch: [{ ErrorEquals: ['CustomError'], ResultPath: '$.error', Next: 'Handled' }],
            End: true,
          },
          Handled: { Type: 'Pass', End: true },
        },
      },
      { foo: 'bar' },
      {
        Failing: () => {
          throw functionError('CustomError', 'This is a custom error!');
        },
      },
    );
    const output = result.output as { foo: string; error: { Error: string; Cause: string } };
    expect(output.foo).toBe('bar');
    expect(output.error.Error).toBe('CustomError');
    expect(JSON.parse(output.error.Cause)).toMatchObject({
      errorType: 'CustomError',
      errorMessage: 'This is a custom error!',
    });
  });

  it('takes a Fail state’s error and cause from ErrorPath and CausePath', async () => {
    const result = await runToEnd(
      {
        StartAt: 'F',
        States: {
          F: {
            Type: 'Fail',
            ErrorPath: '$.code',
            CausePath: "States.Format('case {} is closed', $.caseId)",
          },
        },
      },
      { code: 'CaseClosed', caseId: 'c-1' },
    );
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'CaseClosed',
      cause: 'case c-1 is closed',
    });
  });
});
