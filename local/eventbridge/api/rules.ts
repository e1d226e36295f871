import { busNameOf } from '../arns.ts';
import { notFoundError } from '../errors.ts';
import type { EventBus, Rule } from '../model.ts';
import { findBus, type Registry, rulesOf } from '../registry.ts';
import { page, seconds } from './paging.ts';

interface ListInput {
  NamePrefix?: unknown;
  EventBusName?: unknown;
  Rule?: unknown;
  Name?: unknown;
  NextToken?: unknown;
  Limit?: unknown;
}

const ruleShape = (rule: Rule) => ({
  Name: rule.name,
  Arn: rule.arn,
  EventPattern: rule.eventPattern,
  State: rule.state,
  ...(rule.description && { Description: rule.description }),
  EventBusName: rule.busName,
});

const busOrThrow = (registry: Registry, nameOrArn: unknown): EventBus => {
  const name = typeof nameOrArn === 'string' ? nameOrArn : undefined;
  const bus = findBus(registry, name);
  if (!bus) throw notFoundError(`Event bus ${busNameOf(name ?? 'default')} does not exist.`);
  return bus;
};

const ruleOrThrow = (registry: Registry, input: ListInput, key: 'Name' | 'Rule'): Rule => {
  const bus = busOrThrow(registry, input.EventBusName);
  const name = String(input[key] ?? '');
  const rule = registry.rules.get(bus.name)?.get(name);
  if (!rule) throw notFoundError(`Rule ${name} does not exist on EventBus ${bus.name}.`);
  return rule;
};

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** `ListRules`: the bus's rules whose name starts with `NamePrefix`, by name, paged. */
const listRules = (registry: Registry, input: ListInput) => {
  const bus = busOrThrow(registry, input.EventBusName);
  const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
  const rules = rulesOf(registry, bus.name)
    .filter((rule) => rule.name.startsWith(prefix))
    .sort(byName);
  const { items, NextToken } = page(rules, input);
  return { Rules: items.map(ruleShape), ...(NextToken && { NextToken }) };
};

/** `DescribeRule`. */
const describeRule = (registry: Registry, input: ListInput) => {
  const rule = ruleOrThrow(registry, input, 'Name');
  return { ...ruleShape(rule), CreatedBy: registry.settings.accountId };
};

/** `ListTargetsByRule`: the targets as the template declares them. */
const listTargetsByRule = (registry: Registry, input: ListInput) => {
  const rule = ruleOrThrow(registry, input, 'Rule');
  const { items, NextToken } = page(rule.targets, input);
  const Targets = items.map((target) => ({
    Id: target.id,
    Arn: target.arn,
    ...(target.input !== undefined && { Input: target.input }),
    ...(target.inputPath !== undefined && { InputPath: target.inputPath }),
    ...(target.inputTransformer && {
      InputTransformer: {
        InputPathsMap: target.inputTransformer.pathsMap,
        InputTemplate: target.inputTransformer.template,
      },
    }),
    RetryPolicy: {
      MaximumRetryAttempts: target.retryPolicy.maximumRetryAttempts,
      MaximumEventAgeInSeconds: target.retryPolicy.maximumEventAgeSeconds,
    },
    ...(target.deadLetterArn && { DeadLetterConfig: { Arn: target.deadLetterArn } }),
  }));
  return { Targets, ...(NextToken && { NextToken }) };
};

const busShape = (bus: EventBus) => ({
  Name: bus.name,
  Arn: bus.arn,
  ...(bus.description && { Description: bus.description }),
  CreationTime: seconds(bus.createdAt),
  LastModifiedTime: seconds(bus.createdAt),
});

/** `ListEventBuses`: the default bus and the template's, by name, paged. */
const listEventBuses = (registry: Registry, input: ListInput) => {
  const prefix = typeof input.NamePrefix === 'string' ? input.NamePrefix : '';
  const buses = [...registry.buses.values()]
    .filter((bus) => bus.name.startsWith(prefix))
    .sort(byName);
  const { items, NextToken } = page(buses, input);
  return { EventBuses: items.map(busShape), ...(NextToken && { NextToken }) };
};

/** `DescribeEventBus`. */
const describeEventBus = (registry: Registry, input: ListInput) =>
  busShape(busOrThrow(registry, input.Name));

export { describeEventBus, describeRule, listEventBuses, listRules, listTargetsByRule };
