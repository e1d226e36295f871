import { z } from 'zod';
import { stage } from '#schemas/case.ts';
import { teamId } from '#schemas/common.ts';
import { ConfigError } from '../errors.ts';
import defaults from './defaults.json' with { type: 'json' };

/** The facts a routing rule can test, and their kinds. */
const FACT_KINDS = {
  fraudSuspected: 'boolean',
  breathingSpace: 'boolean',
  vulnerable: 'boolean',
  financialDifficulty: 'boolean',
  debtAdviser: 'boolean',
  openComplaints: 'number',
  brokenPromises: 'number',
  daysPastDue: 'number',
  missedPayments: 'number',
  arrearsMinor: 'number',
  accounts: 'number',
  stage: 'stage',
} as const;
type FactName = keyof typeof FACT_KINDS;

const test = z
  .object({
    fact: z.enum(Object.keys(FACT_KINDS) as [FactName, ...FactName[]]),
    is: z.union([z.boolean(), z.number(), z.string()]).optional(),
    in: z.array(z.string()).min(1).optional(),
    gte: z.number().optional(),
    gt: z.number().optional(),
    lte: z.number().optional(),
    lt: z.number().optional(),
  })
  .strict();

type Condition =
  | { always: true }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | z.infer<typeof test>;

const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ always: z.literal(true) }).strict(),
    z.object({ all: z.array(condition).min(1) }).strict(),
    z.object({ any: z.array(condition).min(1) }).strict(),
    z.object({ not: condition }).strict(),
    test,
  ]),
);

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

const conditionProblems = (when: Condition, where: string): string[] => {
  if ('always' in when) return [];
  if ('all' in when) return when.all.flatMap((c, i) => conditionProblems(c, `${where}.all[${i}]`));
  if ('any' in when) return when.any.flatMap((c, i) => conditionProblems(c, `${where}.any[${i}]`));
  if ('not' in when) return conditionProblems(when.not, `${where}.not`);
  const kind = FACT_KINDS[when.fact];
  const ops = (['is', 'in', 'gte', 'gt', 'lte', 'lt'] as const).filter(
    (op) => when[op] !== undefined,
  );
  if (ops.length !== 1) return [`${where}: give exactly one of is, in, gte, gt, lte, lt`];
  const op = ops[0];
  if (kind === 'boolean' && !(op === 'is' && typeof when.is === 'boolean')) {
    return [`${where}: ${when.fact} is true or false; test it with "is": true|false`];
  }
  if (kind === 'number' && (op === 'in' || (op === 'is' && typeof when.is !== 'number'))) {
    return [`${where}: ${when.fact} is a number; test it with is, gte, gt, lte or lt`];
  }
  if (kind === 'stage') {
    const values = op === 'in' ? (when.in ?? []) : op === 'is' ? [when.is] : undefined;
    if (!values) return [`${where}: stage is tested with "is" or "in"`];
    const unknown = values.filter((v) => !stage.options.includes(v as never));
    if (unknown.length) return [`${where}: ${unknown.join(', ')} is not a stage`];
  }
  return [];
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
    problems.push(...conditionProblems(r.when, `${where}.when`));
  });
  const last = config.routing.rules.at(-1);
  if (last && !('always' in last.when)) {
    problems.push(
      `routing.rules: the last rule (${last.id}) must be { "always": true }, so every case has a team`,
    );
  }
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
 * Validates a configuration, reporting every problem at once with where it is.
 *
 * @example loadConfig(JSON.parse(readFileSync('baton.config.json', 'utf8')))
 */
const loadConfig = (raw: unknown): BatonConfig => {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`),
    );
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
