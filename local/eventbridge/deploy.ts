import type { LambdaInvoker, LocalLogger, TemplateResource } from '../contracts.ts';
import { archiveArn, busArn, busNameOf, nameInArn, ruleArn } from './arns.ts';
import { EventBridgeDeployError } from './errors.ts';
import type { Archive, Rule } from './model.ts';
import { compilePattern } from './pattern/index.ts';
import type { Registry } from './registry.ts';
import { parseTarget, record } from './targets.ts';

/** EventBridge's quota on the length of a rule's event pattern. */
const MAX_PATTERN_LENGTH = 2_048;

const TYPES = {
  bus: 'AWS::Events::EventBus',
  rule: 'AWS::Events::Rule',
  archive: 'AWS::Events::Archive',
} as const;

const where = (resource: TemplateResource) => `${resource.type} ${resource.logicalId}`;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Compiles a pattern from the template, failing the deploy with the resource named. */
const compileFor = (resource: TemplateResource, pattern: unknown) => {
  const text = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
  try {
    const matches = compilePattern(text);
    if (text.length > MAX_PATTERN_LENGTH) {
      throw new Error(
        `the pattern is ${text.length} characters, over EventBridge's ${MAX_PATTERN_LENGTH}`,
      );
    }
    return { text, matches };
  } catch (error) {
    throw new EventBridgeDeployError(`${where(resource)}: ${(error as Error).message}`);
  }
};

const deployBus = (registry: Registry, resource: TemplateResource, now: Date) => {
  const name = str(resource.properties.Name) ?? resource.ref;
  registry.buses.set(name, {
    name,
    arn: resource.attributes.Arn ?? busArn(registry.settings, name),
    ...(str(resource.properties.Description) && {
      description: str(resource.properties.Description),
    }),
    createdAt: now,
  });
  if (!registry.rules.has(name)) registry.rules.set(name, new Map());
};

const requireBus = (registry: Registry, resource: TemplateResource, nameOrArn: string): string => {
  const name = busNameOf(nameOrArn);
  if (!registry.buses.has(name)) {
    throw new EventBridgeDeployError(
      `${where(resource)}: event bus ${nameOrArn} is not in the template`,
    );
  }
  return name;
};

const deployRule = (
  registry: Registry,
  resource: TemplateResource,
  lambda: LambdaInvoker,
  logger: LocalLogger,
) => {
  const props = resource.properties;
  // A schedule is the local scheduler's to run (local/scheduler/); a rule with a pattern as well
  // also matches events here, as on AWS.
  if (props.ScheduleExpression !== undefined && props.EventPattern === undefined) {
    logger.debug('scheduled rule left to the scheduler', { rule: resource.logicalId });
    return;
  }
  if (props.EventPattern === undefined) {
    throw new EventBridgeDeployError(`${where(resource)}: a rule needs an EventPattern`);
  }
  const busName = requireBus(registry, resource, str(props.EventBusName) ?? 'default');
  // A rule's Ref is its name, or `bus|name` on a custom bus.
  const name = str(props.Name) ?? resource.ref.split('|').pop() ?? resource.logicalId;
  const { text, matches } = compileFor(resource, props.EventPattern);
  const targets = (Array.isArray(props.Targets) ? props.Targets : []).map((target) =>
    parseTarget(target, `${where(resource)} (rule ${name})`),
  );
  for (const target of targets) {
    if (!lambda.has(target.arn)) {
      logger.warn('rule target is not a local function', { rule: name, target: target.arn });
    }
  }
  const rule: Rule = {
    logicalId: resource.logicalId,
    name,
    arn: resource.attributes.Arn ?? ruleArn(registry.settings, busName, name),
    busName,
    eventPattern: text,
    matches,
    state: props.State === 'DISABLED' ? 'DISABLED' : 'ENABLED',
    ...(str(props.Description) && { description: str(props.Description) }),
    targets,
  };
  registry.rules.get(busName)?.set(name, rule);
};

const deployArchive = (registry: Registry, resource: TemplateResource, now: Date) => {
  const props = resource.properties;
  const sourceArn = str(props.SourceArn) ?? '';
  const busName = requireBus(registry, resource, nameInArn(sourceArn, 'event-bus') ?? sourceArn);
  const name = str(props.ArchiveName) ?? resource.ref;
  const pattern =
    props.EventPattern === undefined ? undefined : compileFor(resource, props.EventPattern);
  const archive: Archive = {
    logicalId: resource.logicalId,
    name,
    arn: resource.attributes.Arn ?? archiveArn(registry.settings, name),
    busName,
    sourceArn: registry.buses.get(busName)?.arn ?? sourceArn,
    ...(pattern && { eventPattern: pattern.text }),
    matches: pattern?.matches ?? (() => true),
    retentionDays: Number(record(props).RetentionDays ?? 0) || 0,
    ...(str(props.Description) && { description: str(props.Description) }),
    createdAt: now,
  };
  registry.archives.set(name, archive);
};

/**
 * Creates the buses, rules and archives of the template's EventBridge resources (others are
 * ignored, and so are scheduled rules without an event pattern, which the local scheduler runs).
 * Buses first, so rules and archives can name them in any order. Throws an
 * {@link EventBridgeDeployError} naming the resource for anything the local bus cannot run.
 */
const deployResources = (
  registry: Registry,
  resources: readonly TemplateResource[],
  deps: { lambda: LambdaInvoker; logger: LocalLogger; now: Date },
): void => {
  for (const resource of resources.filter((r) => r.type === TYPES.bus)) {
    deployBus(registry, resource, deps.now);
  }
  for (const resource of resources.filter((r) => r.type === TYPES.rule)) {
    deployRule(registry, resource, deps.lambda, deps.logger);
  }
  for (const resource of resources.filter((r) => r.type === TYPES.archive)) {
    deployArchive(registry, resource, deps.now);
  }
};

/** The resource types this service runs, for the orchestrator. */
const EVENTBRIDGE_RESOURCE_TYPES: readonly string[] = Object.values(TYPES);

export { deployResources, EVENTBRIDGE_RESOURCE_TYPES };
