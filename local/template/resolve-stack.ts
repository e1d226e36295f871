import { createHash } from 'node:crypto';
import type { TemplateResource } from '../contracts.ts';
import { dependenciesOf, dependencyOrder } from './dependency-order.ts';
import { TemplateError } from './errors.ts';
import { evaluateCondition, type IntrinsicScope, NO_VALUE, resolveValue } from './intrinsics.ts';
import { type PhysicalIdentity, physicalIdentity } from './physical-ids.ts';

interface TemplateResourceDefinition {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  Metadata?: Record<string, unknown>;
}

interface TemplateParameter {
  Type: string;
  Default?: unknown;
}

/** The parts of a CloudFormation template the local runtime reads. */
interface CloudFormationTemplate {
  Resources: Record<string, TemplateResourceDefinition>;
  Parameters?: Record<string, TemplateParameter>;
  Conditions?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown; Condition?: string }>;
}

/** A resolved resource, with what the template said about it beyond its properties. */
interface StackResource extends TemplateResource {
  /** Logical ids this resource depends on (`DependsOn` and references), all listed earlier. */
  dependsOn: string[];
  /** The template's `Metadata` (`aws:cdk:path`, `aws:asset:path`, ...). */
  metadata: Record<string, unknown>;
}

/** Where the stack pretends to run, and values for template parameters without a default. */
interface StackSettings {
  region: string;
  accountId: string;
  parameters?: Record<string, string>;
}

interface ResolvedStack {
  resources: StackResource[];
  outputs: Record<string, string>;
}

const PARTITION = 'aws';
const URL_SUFFIX = 'amazonaws.com';

const stackId = (stackName: string, settings: StackSettings) => {
  const hex = createHash('sha256').update(stackName).digest('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return `arn:${PARTITION}:cloudformation:${settings.region}:${settings.accountId}:stack/${stackName}/${uuid}`;
};

const parameterValue = (
  name: string,
  parameter: TemplateParameter,
  settings: StackSettings,
): unknown => {
  const given = settings.parameters?.[name];
  if (given === undefined && parameter.Type.startsWith('AWS::SSM::Parameter::Value<')) {
    throw new TemplateError(
      `parameter ${name} is read from SSM Parameter Store on AWS; give it a local value`,
    );
  }
  const value = given ?? parameter.Default;
  if (value === undefined) throw new TemplateError(`parameter ${name} has no value and no default`);
  const list = parameter.Type === 'CommaDelimitedList' || parameter.Type.startsWith('List<');
  return list && typeof value === 'string' ? value.split(',') : value;
};

const outputText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : Array.isArray(value)
      ? value.join(',')
      : JSON.stringify(value);

interface ResolveOptions {
  /**
   * Sees the type and logical id of every resource the template keeps (its `Condition` true)
   * before any intrinsic is resolved, and throws to refuse the template.
   */
  checkTypes?: (resources: readonly { logicalId: string; type: string }[]) => void;
}

/**
 * Resolves a template's resources in dependency order, giving each its local `Ref` value and
 * attributes, then its outputs. Resources whose `Condition` is false are left out, as AWS does.
 *
 * The template's `Rules` are not evaluated: CDK's only rule checks the bootstrap stack's
 * version in SSM, which exists only on AWS.
 */
const resolveTemplate = (
  template: CloudFormationTemplate,
  stackName: string,
  settings: StackSettings,
  options: ResolveOptions = {},
): ResolvedStack => {
  const definitions = template.Resources ?? {};
  const identities = new Map<string, PhysicalIdentity>();
  const conditions = new Map<string, boolean>();
  const pseudo: Record<string, unknown> = {
    'AWS::Region': settings.region,
    'AWS::AccountId': settings.accountId,
    'AWS::Partition': PARTITION,
    'AWS::URLSuffix': URL_SUFFIX,
    'AWS::StackName': stackName,
    'AWS::StackId': stackId(stackName, settings),
    'AWS::NotificationARNs': [],
    'AWS::NoValue': NO_VALUE,
  };

  const scopeFor = (where: string): IntrinsicScope => {
    const scope: IntrinsicScope = {
      where,
      region: settings.region,
      ref: (name) => {
        if (name in pseudo) return pseudo[name];
        const parameter = template.Parameters?.[name];
        if (parameter) return parameterValue(name, parameter, settings);
        const identity = identities.get(name);
        if (identity) return identity.ref;
        if (definitions[name]) {
          throw new TemplateError(`Ref (${where}): ${name} is left out by its condition`);
        }
        throw new TemplateError(`Ref (${where}): no parameter or resource named ${name}`);
      },
      getAtt: (id, attribute) => {
        const identity = identities.get(id);
        const type = definitions[id]?.Type;
        if (!identity || !type) {
          throw new TemplateError(`Fn::GetAtt (${where}): no resource named ${id}`);
        }
        const value = identity.attributes[attribute];
        if (value === undefined) {
          throw new TemplateError(
            `Fn::GetAtt (${where}): ${type} (${id}) has no attribute ${attribute} locally`,
          );
        }
        return value;
      },
      condition: (name) => {
        const known = conditions.get(name);
        if (known !== undefined) return known;
        const expression = template.Conditions?.[name];
        if (expression === undefined) {
          throw new TemplateError(`Condition (${where}): no condition named ${name}`);
        }
        const value = evaluateCondition(expression, { ...scope, where: `Conditions.${name}` });
        conditions.set(name, value);
        return value;
      },
    };
    return scope;
  };

  const dependencies = dependenciesOf(definitions);
  const kept = dependencyOrder(definitions).filter((logicalId) => {
    const { Condition } = definitions[logicalId] as TemplateResourceDefinition;
    return !Condition || scopeFor(logicalId).condition(Condition);
  });
  options.checkTypes?.(
    kept.map((logicalId) => ({ logicalId, type: String(definitions[logicalId]?.Type) })),
  );
  const resources: StackResource[] = [];
  for (const logicalId of kept) {
    const definition = definitions[logicalId] as TemplateResourceDefinition;
    const scope = scopeFor(logicalId);
    const properties = resolveValue(definition.Properties ?? {}, scope) as Record<string, unknown>;
    const identity = physicalIdentity({
      logicalId,
      type: definition.Type,
      properties,
      stackName,
      region: settings.region,
      accountId: settings.accountId,
      partition: PARTITION,
      urlSuffix: URL_SUFFIX,
    });
    identities.set(logicalId, identity);
    resources.push({
      logicalId,
      type: definition.Type,
      properties,
      ref: identity.ref,
      attributes: identity.attributes,
      dependsOn: [...(dependencies.get(logicalId) ?? [])].filter((d) => identities.has(d)),
      metadata: definition.Metadata ?? {},
    });
  }

  const outputs: Record<string, string> = {};
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    const scope = scopeFor(`Outputs.${name}`);
    if (output.Condition && !scope.condition(output.Condition)) continue;
    outputs[name] = outputText(resolveValue(output.Value, scope));
  }
  return { resources, outputs };
};

export type { CloudFormationTemplate, ResolvedStack, ResolveOptions, StackResource, StackSettings };
export { resolveTemplate };
