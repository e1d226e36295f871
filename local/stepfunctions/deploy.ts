import type { TemplateResource } from '../contracts.ts';
import type { SfnContext } from './api/common.ts';
import { putStateMachine } from './api/state-machines.ts';
import { SfnApiError } from './errors.ts';
import { isObject, type Json } from './types.ts';

const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';

interface DeployedStateMachine {
  logicalId: string;
  name: string;
  arn: string;
}

/** `${Name}` placeholders replaced by DefinitionSubstitutions, as CloudFormation does. */
const substitute = (definition: string, substitutions: unknown, logicalId: string): string => {
  if (substitutions === undefined) return definition;
  if (!isObject(substitutions)) {
    throw new Error(`${logicalId} (${STATE_MACHINE}): DefinitionSubstitutions must be a map`);
  }
  for (const [key, value] of Object.entries(substitutions)) {
    if (isObject(value) || Array.isArray(value) || value === null) {
      throw new Error(
        `${logicalId} (${STATE_MACHINE}): the substitution '${key}' is not a string: ${JSON.stringify(value)}`,
      );
    }
  }
  return definition.replace(/\$\{([^}]+)\}/g, (placeholder, key: string) =>
    Object.hasOwn(substitutions, key) ? String(substitutions[key]) : placeholder,
  );
};

const definitionOf = (resource: TemplateResource, readAsset: (s3Key: string) => string): string => {
  const props = resource.properties;
  if (typeof props.DefinitionString === 'string') return props.DefinitionString;
  if (isObject(props.Definition as Json)) return JSON.stringify(props.Definition);
  const location = props.DefinitionS3Location;
  if (isObject(location as Json) && typeof (location as Record<string, unknown>).Key === 'string') {
    return readAsset((location as Record<string, string>).Key as string);
  }
  throw new Error(
    `${resource.logicalId} (${STATE_MACHINE}): no DefinitionString, Definition or DefinitionS3Location`,
  );
};

/** CloudFormation's LoggingConfiguration as DescribeStateMachine spells it. */
const loggingOf = (value: unknown): Json | undefined => {
  if (!isObject(value as Json)) return undefined;
  const config = value as Record<string, unknown>;
  const destinations = Array.isArray(config.Destinations) ? config.Destinations : [];
  return {
    level: (config.Level as string | undefined) ?? 'OFF',
    includeExecutionData: config.IncludeExecutionData === true,
    destinations: destinations.map((destination) => {
      const group = (destination as Record<string, Record<string, unknown>>).CloudWatchLogsLogGroup;
      return { cloudWatchLogsLogGroup: { logGroupArn: String(group?.LogGroupArn ?? '') } };
    }),
  };
};

/**
 * Creates (or updates) each `AWS::StepFunctions::StateMachine` of the resolved template: the
 * definition from DefinitionString, Definition or the DefinitionS3Location asset, with its
 * DefinitionSubstitutions applied, under the resource's StateMachineName and ARN.
 */
const deployStateMachines = (
  ctx: SfnContext,
  resources: TemplateResource[],
  readAsset: (s3Key: string) => string,
): DeployedStateMachine[] =>
  resources.map((resource) => {
    if (resource.type !== STATE_MACHINE) {
      throw new Error(`${resource.logicalId} (${resource.type}): not a state machine`);
    }
    const props = resource.properties;
    const fromRef = resource.ref.startsWith('arn:aws:states:') ? resource.ref : undefined;
    const name =
      (props.StateMachineName as string | undefined) ??
      fromRef?.slice(fromRef.lastIndexOf(':') + 1) ??
      resource.logicalId;
    const definition = substitute(
      definitionOf(resource, readAsset),
      props.DefinitionSubstitutions,
      resource.logicalId,
    );
    try {
      const machine = putStateMachine(
        ctx,
        {
          name,
          definition,
          roleArn:
            (props.RoleArn as string | undefined) ??
            `arn:aws:iam::${ctx.settings.accountId}:role/${name}-role`,
          type: props.StateMachineType as string | undefined,
          loggingConfiguration: loggingOf(props.LoggingConfiguration),
          tracingConfiguration: isObject(props.TracingConfiguration as Json)
            ? { enabled: (props.TracingConfiguration as Record<string, unknown>).Enabled === true }
            : undefined,
        },
        { arn: fromRef, replace: true },
      );
      return { logicalId: resource.logicalId, name: machine.name, arn: machine.arn };
    } catch (error) {
      if (error instanceof SfnApiError) {
        throw new Error(`${resource.logicalId} (${STATE_MACHINE}): ${error.message}`);
      }
      throw error;
    }
  });

export type { DeployedStateMachine };
export { deployStateMachines, substitute };
