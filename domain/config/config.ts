import { z } from 'zod';
import { stage } from '#schemas/case.ts';
import { teamId } from '#schemas/common.ts';
import { ConfigError } from '../errors.ts';
import { isPlainObject } from '../plain-object.ts';
import { type Condition, condition, FACT_KINDS, type FactName } from './condition.ts';
import defaults from './defaults.json' with { type: 'json' };

const rule = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  description: z.string().min(1),
  when: condition,
  team: teamId,
  priority: z.int(),
  slaHours: z.number().positive(),
});
type RoutingRule = z.infer<typeof rule>;

const raciRole = z.enum(['responsible', 'accountable', 'consulted', 'informed']);
type RaciRole = z.infer<typeof raciRole>;

const stageRaci = z.object({
  responsible: z.array(teamId),
  accountable: teamId,
  consulted: z.array(teamId),
  informed: z.array(teamId),
});

const configSchema = z.object({
  teams: z.array(z.object({ id: teamId, name: z.string().min(1), fallback: teamId })).min(1),
  routing: z.object({
    version: z.string().min(1),
    escalationSlaHours: z.number().positive(),
    rules: z.array(rule).min(1),
  }),
  raci: z.object({
    restrictedAccess: z.object({ vulnerability: z.array(raciRole), fraud: z.array(raciRole) }),
    stages: z.record(stage, stageRaci),
  }),
  policy: z.object({
    lateArrearsDaysPastDue: z.int().positive(),
    lateArrearsMissedPayments: z.int().positive(),
    recoveryDaysPastDue: z.int().positive(),
    approachingHours: z.number().nonnegative(),
    stallAfterDays: z.number().positive(),
    seenInputIdsKept: z.int().min(10),
  }),
});
type BatonConfig = z.infer<typeof configSchema>;

/**
 * Rules decide by priority, not by their place in the file: the lowest-priority rule must be the
 * unconditional one, and a rule ranked below an unconditional rule could never decide anything.
 */
const catchAllProblems = (rules: RoutingRule[]): string[] => {
  const ranked = rules
    .map((r, i) => ({ r, where: `routing.rules[${i}] (${r.id})` }))
    .sort((a, b) => b.r.priority - a.r.priority);
  const first = ranked.findIndex(({ r }) => isPlainObject(r.when) && 'always' in r.when);
  if (first === -1) {
    return [
      'routing.rules: the lowest-priority rule must be { "always": true }, so every case has a team',
    ];
  }
  const catchAll = ranked[first] as (typeof ranked)[number];
  return ranked
    .slice(first + 1)
    .map(
      ({ r, where }) =>
        `${where}: can never decide, as ${catchAll.r.id} (priority ${catchAll.r.priority}) always` +
        ` holds and ranks above it (priority ${r.priority}); give the catch-all the lowest priority`,
    );
};

/** Cross-checks the parsed configuration, returning every problem found. */
const crossCheck = (config: BatonConfig): string[] => {
  const teams = new Set(config.teams.map((t) => t.id));
  const problems: string[] = [];
  const known = (team: string, where: string) => {
    if (!teams.has(team)) problems.push(`${where}: unknown team "${team}"`);
  };
  for (const team of config.teams) known(team.fallback, `teams.${team.id}.fallback`);
  const ruleIds = new Set<string>();
  config.routing.rules.forEach((r, i) => {
    const where = `routing.rules[${i}] (${r.id})`;
    if (ruleIds.has(r.id)) problems.push(`${where}: duplicate rule id`);
    ruleIds.add(r.id);
    known(r.team, `${where}.team`);
  });
  problems.push(...catchAllProblems(config.routing.rules));
  for (const [name, raci] of Object.entries(config.raci.stages)) {
    const where = `raci.stages.${name}`;
    known(raci.accountable, `${where}.accountable`);
    for (const role of ['responsible', 'consulted', 'informed'] as const) {
      for (const [i, t] of raci[role].entries()) known(t, `${where}.${role}[${i}]`);
    }
  }
  return problems;
};

/**
 * The cross-checks of a configuration that did not parse, so that one run reports every problem:
 * where its shape is too broken to cross-check, the parse problems say enough.
 */
const crossCheckOfUnparsed = (raw: unknown): string[] => {
  try {
    return crossCheck(raw as BatonConfig);
  } catch {
    return [];
  }
};

/**
 * Where a problem is, as its author reads the file: `routing.rules[2] (open-complaint).when`,
 * list positions in brackets and a rule named by its id.
 */
const whereIn = (raw: unknown, path: PropertyKey[]): string => {
  let text = '';
  let node: unknown = raw;
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : `${text ? '.' : ''}${String(key)}`;
    node =
      isPlainObject(node) || Array.isArray(node)
        ? (node as Record<PropertyKey, unknown>)[key]
        : undefined;
    const id = isPlainObject(node) ? node.id : undefined;
    if (typeof key === 'number' && typeof id === 'string' && text.startsWith('routing.rules[')) {
      text += ` (${id})`;
    }
  }
  return text || '(root)';
};

/**
 * Validates a configuration, reporting every problem at once with where it is.
 *
 * @example loadConfig(JSON.parse(readFileSync('baton.config.json', 'utf8')))
 */
const loadConfig = (raw: unknown): BatonConfig => {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${whereIn(raw, i.path)}: ${i.message}`);
    throw new ConfigError([...problems, ...crossCheckOfUnparsed(raw)]);
  }
  const problems = crossCheck(parsed.data);
  if (problems.length) throw new ConfigError(problems);
  const rules = [...parsed.data.routing.rules].sort((a, b) => b.priority - a.priority);
  return { ...parsed.data, routing: { ...parsed.data.routing, rules } };
};

/** The shipped configuration, validated. */
const defaultConfig = (): BatonConfig => loadConfig(structuredClone(defaults));

export type { BatonConfig, Condition, FactName, RaciRole, RoutingRule };
export { configSchema, defaultConfig, FACT_KINDS, loadConfig };
