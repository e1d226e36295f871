import { describe, expect, it } from 'vitest';
import { fnArn, harness, runToEnd } from './support.ts';

// Examples of the developer guide's JSONata and variables pages.
describe('JSONata states', () => {
  it('evaluates Arguments, leaving plain strings alone, with variables from Assign', async () => {
    const result = await runToEnd(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Remember',
        States: {
          Remember: { Type: 'Pass', Assign: { customerName: 'Ada' }, Next: 'Call' },
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: {
              FunctionName: fnArn('Echo'),
              Payload: {
                static: 'Hello',
                title: '{% $states.input.title %}',
                name: '{% $customerName %}',
                'not-evaluated': '$customerName',
              },
            },
            Output: '{% $states.result.Payload %}',
            End: true,
          },
        },
      },
      { title: 'Dr' },
      { Echo: (event) => event },
    );
    expect(result.output).toEqual({
      static: 'Hello',
      title: 'Dr',
      name: 'Ada',
      'not-evaluated': '$customerName',
    });
  });

  it('evaluates every Assign value with the variables as they were before the state', async () => {
    const result = await runToEnd(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'First',
        States: {
          First: { Type: 'Pass', Assign: { x: 1, y: 10 }, Next: 'Second' },
          Second: { Type: 'Pass', Assign: { x: '{% $x + 1 %}', y: '{% $x %}' }, Next: 'Show' },
          Show: { Type: 'Pass', Output: { x: '{% $x %}', y: '{% $y %}' }, End: true },
        },
      },
      {},
    );
    expect(result.output).toEqual({ x: 2, y: 1 });
  });

  it('offers $states.context and Step Functions’ own functions', async () => {
    const result = await runToEnd(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Functions',
        States: {
          Functions: {
            Type: 'Pass',
            Output: {
              partition: '{% $partition([1,2,3,4], 2) %}',
              range: '{% $range(0, 10, 2) %}',
              hash: "{% $hash('input data', 'SHA-1') %}",
              parsed: '{% $parse($states.input.json) %}',
              uuid: '{% $uuid() %}',
              random: '{% $random() %}',
              seeded: '{% $random(42) = $random(42) %}',
              state: '{% $states.context.State.Name %}',
              input: '{% $states.context.Execution.Input.json %}',
            },
            End: true,
          },
        },
      },
      { json: '{"foo":"bar"}' },
    );
    const output = result.output as Record<string, unknown>;
    expect(output).toMatchObject({
      partition: [
        [1, 2],
        [3, 4],
      ],
      range: [0, 2, 4, 6, 8, 10],
      hash: 'aaff4a450a104cd177d28d18d74485e8cae074b7',
      parsed: { foo: 'bar' },
      seeded: true,
      state: 'Functions',
      input: '{"foo":"bar"}',
    });
    expect(output.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(output.random).toBeGreaterThanOrEqual(0);
    expect(output.random).toBeLessThan(1);
  });

  it('fails with States.QueryEvaluationError, recording EvaluationFailed, when an expression gives nothing', async () => {
    const h = await harness({
      QueryLanguage: 'JSONata',
      StartAt: 'Broken',
      States: { Broken: { Type: 'Pass', Output: '{% $states.input.missing %}', End: true } },
    });
    const arn = await h.start({ a: 1 });
    const done = await h.finished(arn);
    const events = await h.history(arn);
    await h.stop();
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(done.cause).toContain(
      "The JSONata expression '$states.input.missing' specified for the field 'Output' returned nothing (undefined).",
    );
    expect(events.find((e) => e.type === 'EvaluationFailed')).toMatchObject({
      evaluationFailedEventDetails: {
        state: 'Broken',
        error: 'States.QueryEvaluationError',
        location: 'Output',
      },
    });
  });

  it('lets a catcher handle States.QueryEvaluationError with $states.errorOutput', async () => {
    const result = await runToEnd(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: fnArn('Echo'), Payload: '{% $number("x") %}' },
            Catch: [
              {
                ErrorEquals: ['States.QueryEvaluationError'],
                Assign: { failedWith: '{% $states.errorOutput.Error %}' },
                Output: { kept: '{% $states.input.keep %}' },
                Next: 'After',
              },
            ],
            End: true,
          },
          After: {
            Type: 'Pass',
            Output: { kept: '{% $states.input.kept %}', failedWith: '{% $failedWith %}' },
            End: true,
          },
        },
      },
      { keep: 'me' },
      { Echo: (event) => event },
    );
    expect(result.output).toEqual({ kept: 'me', failedWith: 'States.QueryEvaluationError' });
  });

  it('mixes query languages per state, JSONPath states reading JSONata-assigned variables', async () => {
    const result = await runToEnd(
      {
        QueryLanguage: 'JSONPath',
        StartAt: 'Assign',
        States: {
          Assign: {
            Type: 'Pass',
            QueryLanguage: 'JSONata',
            Assign: { total: '{% $sum($states.input.items) %}' },
            Next: 'Read',
          },
          Read: { Type: 'Pass', Parameters: { 'total.$': '$total' }, End: true },
        },
      },
      { items: [1, 2, 3] },
    );
    expect(result.output).toEqual({ total: 6 });
  });

  it('refuses $eval, as Step Functions does', async () => {
    const result = await runToEnd(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'E',
        States: { E: { Type: 'Pass', Output: "{% $eval('1+1') %}", End: true } },
      },
      {},
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
  });

  it('evaluates a Fail state’s Error and Cause', async () => {
    const result = await runToEnd(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'F',
        States: {
          F: {
            Type: 'Fail',
            Error: '{% $states.input.code %}',
            Cause: "{% 'case ' & $states.input.caseId & ' is closed' %}",
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
