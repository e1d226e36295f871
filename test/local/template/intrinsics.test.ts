// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Fn::Sub strings are CloudFormation's ${} syntax, not JavaScript templates
import { describe, expect, it } from 'vitest';
import {
  type CloudFormationTemplate,
  resolveTemplate,
  type StackSettings,
} from '../../../local/template/index.ts';

const SETTINGS: StackSettings = { region: 'eu-west-2', accountId: '000000000000' };

const resolve = (template: CloudFormationTemplate, settings = SETTINGS) =>
  resolveTemplate(template, 'demo', settings);

const propertiesOf = (template: CloudFormationTemplate, logicalId: string) =>
  resolve(template).resources.find((r) => r.logicalId === logicalId)?.properties;

const bus = { Type: 'AWS::Events::EventBus', Properties: { Name: 'demo-bus' } };

describe('resolveTemplate', () => {
  it('resolves pseudo parameters as the local stack gives them', () => {
    // Act
    const props = propertiesOf(
      {
        Resources: {
          Queue: {
            Type: 'AWS::SQS::Queue',
            Properties: {
              Tags: [
                { Key: 'region', Value: { Ref: 'AWS::Region' } },
                { Key: 'account', Value: { Ref: 'AWS::AccountId' } },
                { Key: 'partition', Value: { Ref: 'AWS::Partition' } },
                { Key: 'suffix', Value: { Ref: 'AWS::URLSuffix' } },
                { Key: 'stack', Value: { Ref: 'AWS::StackName' } },
              ],
            },
          },
        },
      },
      'Queue',
    );

    // Assess
    expect(((props?.Tags ?? []) as { Value: string }[]).map((t) => t.Value)).toEqual([
      'eu-west-2',
      '000000000000',
      'aws',
      'amazonaws.com',
      'demo',
    ]);
  });

  it('substitutes Fn::Sub variables of both forms, attributes and the ${!Literal} escape', () => {
    // Act
    const props = propertiesOf(
      {
        Resources: {
          Bus: bus,
          Rule: {
            Type: 'AWS::Events::Rule',
            Properties: {
              Description: { 'Fn::Sub': '${Bus} ${Bus.Arn} ${AWS::Region} ${!Literal}' },
              Name: { 'Fn::Sub': ['${Prefix}-${Bus}', { Prefix: { Ref: 'AWS::StackName' } }] },
            },
          },
        },
      },
      'Rule',
    );

    // Assess
    expect(props).toEqual({
      Description:
        'demo-bus arn:aws:events:eu-west-2:000000000000:event-bus/demo-bus eu-west-2 ${Literal}',
      Name: 'demo-demo-bus',
    });
  });

  it('joins, splits and selects', () => {
    // Act
    const props = propertiesOf(
      {
        Resources: {
          Bus: bus,
          Rule: {
            Type: 'AWS::Events::Rule',
            Properties: {
              Name: {
                'Fn::Join': [
                  '-',
                  [
                    { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Bus', 'Arn'] }] }] },
                    { 'Fn::Select': ['1', ['a', 'b']] },
                  ],
                ],
              },
              Zones: { 'Fn::GetAZs': '' },
            },
          },
        },
      },
      'Rule',
    );

    // Assess
    expect(props).toEqual({
      Name: 'event-bus/demo-bus-b',
      Zones: ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'],
    });
  });

  it('evaluates conditions in Fn::If and leaves out resources whose condition is false', () => {
    // Arrange
    const template: CloudFormationTemplate = {
      Parameters: { Stage: { Type: 'String', Default: 'dev' } },
      Conditions: {
        IsDev: { 'Fn::Equals': [{ Ref: 'Stage' }, 'dev'] },
        IsProd: { 'Fn::Not': [{ Condition: 'IsDev' }] },
        Either: { 'Fn::Or': [{ Condition: 'IsDev' }, { Condition: 'IsProd' }] },
        Both: { 'Fn::And': [{ Condition: 'IsDev' }, { Condition: 'IsProd' }] },
      },
      Resources: {
        Bus: {
          Type: 'AWS::Events::EventBus',
          Properties: {
            Name: { 'Fn::If': ['IsDev', 'dev-bus', 'prod-bus'] },
            Description: { 'Fn::If': ['Both', 'never', { Ref: 'AWS::NoValue' }] },
            Kept: { 'Fn::If': ['Either', 'yes', 'no'] },
          },
        },
        ProdOnly: { Type: 'AWS::SQS::Queue', Condition: 'IsProd', Properties: {} },
      },
    };

    // Act
    const { resources } = resolve(template);

    // Assess
    expect(resources.map((r) => r.logicalId)).toEqual(['Bus']);
    expect(resources[0]?.properties).toEqual({ Name: 'dev-bus', Kept: 'yes' });
  });

  it('drops properties and list elements that are AWS::NoValue', () => {
    // Act
    const props = propertiesOf(
      {
        Resources: {
          Bus: {
            Type: 'AWS::Events::EventBus',
            Properties: {
              Name: 'b',
              Policy: { Ref: 'AWS::NoValue' },
              List: ['a', { Ref: 'AWS::NoValue' }],
            },
          },
        },
      },
      'Bus',
    );

    // Assess
    expect(props).toEqual({ Name: 'b', List: ['a'] });
  });

  it('gives unnamed resources CloudFormation-shaped names that stay the same', () => {
    // Arrange
    const template: CloudFormationTemplate = {
      Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: {} } },
    };

    // Act
    const [first] = resolve(template).resources;
    const [second] = resolve(template).resources;

    // Assess
    expect(first?.ref).toMatch(/^demo-Fn-[A-Z0-9]{12}$/);
    expect(second?.ref).toBe(first?.ref);
  });

  it('names an intrinsic it does not implement and where it is', () => {
    // Act
    const act = () =>
      resolve({
        Resources: {
          Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { 'Fn::Base64': 'x' } } },
        },
      });

    // Assess
    expect(act).toThrow('Fn::Base64 (Fn) cannot be resolved locally');
  });

  it('names an attribute a resource does not have locally', () => {
    // Act
    const act = () =>
      resolve({
        Resources: {
          Bus: bus,
          Rule: {
            Type: 'AWS::Events::Rule',
            Properties: { Name: { 'Fn::GetAtt': ['Bus', 'Policy'] } },
          },
        },
      });

    // Assess
    expect(act).toThrow(
      'Fn::GetAtt (Rule): AWS::Events::EventBus (Bus) has no attribute Policy locally',
    );
  });

  it('refuses a Ref to nothing, a parameter read from SSM, and a dependency cycle', () => {
    // Assess
    expect(() =>
      resolve({ Resources: { Bus: { ...bus, Properties: { Name: { Ref: 'Nowhere' } } } } }),
    ).toThrow('Ref (Bus): no parameter or resource named Nowhere');
    expect(() =>
      resolve({
        Parameters: { V: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/x' } },
        Resources: { Bus: { ...bus, Properties: { Name: { Ref: 'V' } } } },
      }),
    ).toThrow('parameter V is read from SSM Parameter Store on AWS; give it a local value');
    expect(() =>
      resolve({
        Resources: {
          A: { ...bus, Properties: { Name: { Ref: 'B' } } },
          B: { ...bus, Properties: { Name: { Ref: 'A' } } },
        },
      }),
    ).toThrow('these resources depend on each other in a cycle: A, B');
  });

  it('takes parameter values given locally over their defaults', () => {
    // Act
    const { resources } = resolve(
      {
        Parameters: { Name: { Type: 'String', Default: 'from-default' } },
        Resources: { Bus: { ...bus, Properties: { Name: { Ref: 'Name' } } } },
      },
      { ...SETTINGS, parameters: { Name: 'given' } },
    );

    // Assess
    expect(resources[0]?.ref).toBe('given');
  });
});
