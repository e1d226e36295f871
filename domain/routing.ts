import type { Case } from '#schemas/case.ts';
import type { BatonConfig, Condition, RoutingRule } from './config/config.ts';
import { type Facts, factsOf } from './facts.ts';

const holds = (when: Condition, facts: Facts): boolean => {
  if ('always' in when) return true;
  if ('all' in when) return when.all.every((c) => holds(c, facts));
  if ('any' in when) return when.any.some((c) => holds(c, facts));
  if ('not' in when) return !holds(when.not, facts);
  const value = facts[when.fact];
  if (when.is !== undefined) return value === when.is;
  if (when.in !== undefined) return when.in.includes(String(value));
  if (typeof value !== 'number') return false;
  if (when.gte !== undefined) return value >= when.gte;
  if (when.gt !== undefined) return value > when.gt;
  if (when.lte !== undefined) return value <= when.lte;
  if (when.lt !== undefined) return value < when.lt;
  return false;
};

/**
 * The rules that hold for a case, highest priority first. The configuration ends with an
 * unconditional rule, so the list is never empty.
 */
const matchingRules = (c: Case, config: BatonConfig): RoutingRule[] => {
  const facts = factsOf(c);
  return config.routing.rules.filter((rule) => holds(rule.when, facts));
};

/** The rule that decides the owner when no team has declined. */
const topRule = (c: Case, config: BatonConfig): RoutingRule => {
  const [top] = matchingRules(c, config);
  if (!top) throw new Error('routing rules matched nothing: the configuration lacks its catch-all');
  return top;
};

/**
 * The rule whose team should own the case now, skipping teams that declined it under the current
 * top rule; undefined when every matching team declined.
 */
const routeOf = (c: Case, config: BatonConfig): RoutingRule | undefined =>
  matchingRules(c, config).find((rule) => !c.routing.declined.includes(rule.team));

export { holds, matchingRules, routeOf, topRule };
