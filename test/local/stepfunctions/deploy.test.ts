import { describe, expect, it } from 'vitest';
import type { TemplateResource } from '../../../local/contracts.ts';
import { createStepFunctions } from '../../../local/stepfunctions/index.ts';
import { call, fakeInvoker, quietLogger, settingsFor } from './support.ts';

const machine = (
  properties: Record<string, unknown>,
  logicalId = 'Workflow1234',
): TemplateResource => ({
  logicalId,
  type: 'AWS::StepFunctions::StateMachine',
  properties: { RoleArn: 'arn:aws:iam::123456789012:role/workflow', ...properties },
  ref: `arn:aws:states:us-east-1:123456789012:stateMachine:${String(properties.StateMachineName ?? logicalId)}`,
  attributes: {},
});

const deployOne = async (resource: TemplateResource, assets: Record<string, string> = {}) => {
  const sfn = createStepFunctions({
    settings: settingsFor(),
    logger: quietLogger(),
    lambda: fakeInvoker({}),
  });
  try {
    const deployed = await sfn.deploy([resource], (key) => {
      const text = assets[key];
      if (text === undefined) throw new Error(`no asset ${key}`);
      return text;
    });
    const described = await call<{ definition: string; type: string }>(
      sfn.route,
      'DescribeStateMachine',
      {
        stateMachineArn: deployed[0]?.arn,
      },
    );
    return { deployed, described };
  } finally {
    await sfn.service.stop();
  }
};

describe('deploying state machines from the template', () => {
  it('reads DefinitionString and applies DefinitionSubstitutions', async () => {
    const { deployed, described } = await deployOne(
      machine({
        StateMachineName: 'orders',
        DefinitionString:
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's ${Name} placeholders
          '{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":${Delay},"Comment":"${Unknown}","End":true}}}',
        DefinitionSubstitutions: { Delay: 5 },
      }),
    );
    expect(deployed).toEqual([
      {
        logicalId: 'Workflow1234',
        name: 'orders',
        arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders',
      },
    ]);
    expect(JSON.parse(described.definition).States.A).toEqual({
      Type: 'Wait',
      Seconds: 5,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder with no substitution stays
      Comment: '${Unknown}',
      End: true,
    });
    expect(described.type).toBe('STANDARD');
  });

  it('reads the definition from the DefinitionS3Location asset', async () => {
    const { described } = await deployOne(
      machine({ DefinitionS3Location: { Bucket: 'assets', Key: 'abc.json' } }),
      { 'abc.json': '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}' },
    );
    expect(described.definition).toBe('{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}');
  });

  it('names the resource when its definition is invalid', async () => {
    const failure = await deployOne(
      machine({ DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}' }),
    ).catch((error: Error) => error);
    expect((failure as Error).message).toBe(
      "Workflow1234 (AWS::StepFunctions::StateMachine): Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next'",
    );
  });

  it('names the resource when it has no definition at all', async () => {
    const failure = await deployOne(machine({})).catch((error: Error) => error);
    expect((failure as Error).message).toMatch(
      /^Workflow1234 \(AWS::StepFunctions::StateMachine\): no DefinitionString/,
    );
  });

  it('updates the definition when deployed again', async () => {
    const sfn = createStepFunctions({
      settings: settingsFor(),
      logger: quietLogger(),
      lambda: fakeInvoker({}),
    });
    const first = machine({
      StateMachineName: 'again',
      DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}',
    });
    const second = machine({
      StateMachineName: 'again',
      DefinitionString: '{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}',
    });
    await sfn.deploy([first], () => '');
    const [deployed] = await sfn.deploy([second], () => '');
    const described = await call<{ definition: string }>(sfn.route, 'DescribeStateMachine', {
      stateMachineArn: deployed?.arn,
    });
    await sfn.service.stop();
    expect(JSON.parse(described.definition).StartAt).toBe('B');
  });
});
