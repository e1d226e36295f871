import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionId, type Json, only, statementsOf, synthesize } from './synthesize.ts';

type AslValidator = (
  definition: unknown,
  options?: { checkArn?: boolean; checkPaths?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };

const validateAsl = createRequire(import.meta.url)('asl-validator') as AslValidator;
const ASL = path.resolve(import.meta.dirname, '../../statemachines/handover.asl.json');
/** AWS's recommended transient Lambda invoke errors, and Baton's lost optimistic write. */
const TRANSIENT = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.TooManyRequestsException',
  'ConcurrentUpdateError',
];

/** The definition as Step Functions receives it, with the template's substitutions applied. */
const substitute = (text: string, substitutions: Record<string, Json>): Json =>
  JSON.parse(
    text.replace(/\$\{(\w+)\}/g, (_, name: string) => {
      const value = substitutions[name];
      if (value === undefined) throw new Error(`no substitution for \${${name}}`);
      if (typeof value === 'string') return value;
      return `arn:aws:lambda:eu-west-2:123456789012:function:${value['Fn::GetAtt'][0]}`;
    }),
  );

describe('handover workflow', () => {
  let template: Template;
  let machine: Json;
  let definition: Json;
  let tasks: [string, Json][];

  beforeAll(() => {
    template = synthesize({ acceptanceSlaSeconds: '7200', escalationSlaSeconds: '1800' });
    [, machine] = only(template, 'AWS::StepFunctions::StateMachine');
    definition = substitute(readFileSync(ASL, 'utf8'), machine.Properties.DefinitionSubstitutions);
    tasks = Object.entries(definition.States).filter(([, s]) => (s as Json).Type === 'Task') as [
      string,
      Json,
    ][];
  }, 60_000);

  it('is a valid state machine definition once substituted', () => {
    const result = validateAsl(definition);
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('would be rejected by the same check if a Catch pointed at a missing state', () => {
    const broken = structuredClone(definition);
    broken.States.AwaitAcceptance.Catch[0].Next = 'Nowhere';
    expect(validateAsl(broken).isValid).toBe(false);
  });

  it('loads the definition from its file, a Standard workflow traced by X-Ray', () => {
    expect(machine.Properties).toMatchObject({
      StateMachineName: 'baton-dev-handover',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
    expect(machine.Properties.DefinitionS3Location).toBeDefined();
  });

  it('is written in JSONata', () => {
    expect(definition.QueryLanguage).toBe('JSONata');
  });

  it('runs the four handover functions, named by substitution', () => {
    const substitutions = machine.Properties.DefinitionSubstitutions;
    for (const [name, handler] of [
      ['HandoverWaitFunctionArn', 'handover-wait'],
      ['HandoverDecideFunctionArn', 'handover-decide'],
      ['HandoverEscalateFunctionArn', 'handover-escalate'],
      ['HandoverAssignFallbackFunctionArn', 'handover-assign-fallback'],
    ] as const) {
      expect(substitutions[name]).toEqual({ 'Fn::GetAtt': [functionId(template, handler), 'Arn'] });
    }
  });

  it('may invoke those four functions and no other', () => {
    const roleId = machine.Properties.RoleArn['Fn::GetAtt'][0];
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      p.Properties.Roles.some((role: Json) => role.Ref === roleId),
    );
    const invoked = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: Json) => s.Action === 'lambda:InvokeFunction')
      .flatMap((s: Json) => s.Resource)
      .map((r: Json) => r['Fn::GetAtt']?.[0] ?? r['Fn::Join'][1][0]['Fn::GetAtt'][0]);
    const handlers = ['handover-wait', 'handover-decide', 'handover-escalate'];
    const expected = [...handlers, 'handover-assign-fallback'].map((h) => functionId(template, h));
    expect(new Set(invoked)).toEqual(new Set(expected));
  });

  it('waits for acceptance by task token, for what is left of the SLA the handover input says', () => {
    const wait = definition.States.AwaitAcceptance;
    expect(wait.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(wait.Arguments.Payload.taskToken).toBe('{% $states.context.Task.Token %}');
    expect(wait.TimeoutSeconds).toBe(
      '{% $exists($states.input.acceptWithinSeconds) ? $states.input.acceptWithinSeconds : $exists($states.input.slaSeconds) ? $states.input.slaSeconds : 7200 %}',
    );
    expect(definition.StartAt).toBe('AwaitAcceptance');
  });

  it('applies an answer and ends, in two states when the receiver answers in time', () => {
    expect(definition.States.AwaitAcceptance.Next).toBe('ApplyDecision');
    expect(definition.States.ApplyDecision.End).toBe(true);
  });

  it('escalates when the acceptance SLA passes, then waits again for the escalation SLA', () => {
    const timeout = (state: string) =>
      definition.States[state].Catch.find((c: Json) => c.ErrorEquals.includes('States.Timeout'));
    expect(timeout('AwaitAcceptance').Next).toBe('Escalate');
    expect(definition.States.Escalate.Next).toBe('AwaitEscalatedAcceptance');
    const escalated = definition.States.AwaitEscalatedAcceptance;
    expect(escalated.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(escalated.TimeoutSeconds).toContain(': 1800 %}');
    expect(escalated.Next).toBe('ApplyDecision');
    expect(timeout('AwaitEscalatedAcceptance').Next).toBe('AssignToFallback');
    expect(definition.States.AssignToFallback.End).toBe(true);
  });

  it('retries every Lambda task on transient Lambda errors and ConcurrentUpdateError', () => {
    expect(tasks.map(([name]) => name)).toHaveLength(5);
    for (const [name, task] of tasks) {
      expect(
        task.Retry.flatMap((r: Json) => r.ErrorEquals),
        name,
      ).toEqual(TRANSIENT);
    }
  });

  it('backs off with full jitter between a few retries, so a throttled Lambda is not stampeded', () => {
    for (const [name, task] of tasks) {
      for (const retrier of task.Retry) {
        expect(retrier, name).toMatchObject({ BackoffRate: 2, JitterStrategy: 'FULL' });
        expect(retrier.MaxAttempts, name).toBeLessThanOrEqual(4);
      }
    }
  });

  it('succeeds quietly from every task when the handover was resolved elsewhere', () => {
    expect(definition.States.AlreadyResolved.Type).toBe('Succeed');
    for (const [name, task] of tasks) {
      const caught = task.Catch.find((c: Json) =>
        c.ErrorEquals.includes('HandoverNoLongerPending'),
      );
      expect(caught?.Next, name).toBe('AlreadyResolved');
    }
  });

  it('lets http-commands, and no function of the workflow, answer the task token', () => {
    const answers = statementsOf(template, 'http-commands').filter((s) =>
      [s.Action].flat().includes('states:SendTaskSuccess'),
    );
    expect(answers).toHaveLength(1);
  });
});
