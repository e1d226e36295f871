import type { Node } from 'constructs';

/** What the app reads from CDK context (`cdk.json` or `-c key=value`), validated once. */
interface BatonConfig {
  /** Names every resource, e.g. `baton-prod-cases`. Context `stage`, default `dev`. */
  readonly stage: string;
  /** EventBridge sources of billing events. Context `billingSources`, default `billing`. */
  readonly billingSources: readonly string[];
  /** EventBridge sources of signals. Context `signalSources`, default the four below. */
  readonly signalSources: readonly string[];
  /** Accounts allowed to put events on the bus. Context `producerAccountIds`, default none. */
  readonly producerAccountIds: readonly string[];
  /** Organisation whose accounts may put events. Context `producerOrganizationId`. */
  readonly producerOrganizationId?: string;
  /** Object Lock retention of audit exports. Context `auditRetentionDays`, default 6 years. */
  readonly auditRetentionDays: number;
  /** Acceptance SLA when a handover names none. Context `acceptanceSlaSeconds`, default 1 day. */
  readonly acceptanceSlaSeconds: number;
  /** Escalation SLA when escalation names none. Context `escalationSlaSeconds`, default 4 hours. */
  readonly escalationSlaSeconds: number;
}

const DEFAULT_SIGNAL_SOURCES = ['crm', 'insolvency-service', 'complaints', 'fraud'];

/** Context arrives as strings from `-c` and as JSON values from `cdk.json`. */
const list = (value: unknown, fallback: readonly string[]): readonly string[] => {
  if (value === undefined) return fallback;
  const items = Array.isArray(value) ? value : String(value).split(',');
  return items.map((item) => String(item).trim()).filter((item) => item !== '');
};

/**
 * Reads and checks every context value, reporting all problems at once with their names.
 *
 * @example readConfig(app.node) // { stage: 'dev', billingSources: ['billing'], ... }
 */
const readConfig = (node: Node): BatonConfig => {
  const problems: string[] = [];
  const ctx = (key: string): unknown => node.tryGetContext(key);
  const integer = (key: string, fallback: number, min: number, max: number): number => {
    const raw = ctx(key);
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${key} must be an integer from ${min} to ${max}, got ${String(raw)}`);
    }
    return value;
  };

  const stage = String(ctx('stage') ?? 'dev');
  if (!/^[a-z][a-z0-9-]{0,11}$/.test(stage)) {
    problems.push(`stage must be 1-12 lowercase letters, digits or dashes, got "${stage}"`);
  }
  const source = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
  const billingSources = list(ctx('billingSources'), ['billing']);
  const signalSources = list(ctx('signalSources'), DEFAULT_SIGNAL_SOURCES);
  for (const [key, sources] of [
    ['billingSources', billingSources],
    ['signalSources', signalSources],
  ] as const) {
    if (sources.length === 0) problems.push(`${key} must name at least one source`);
    const bad = sources.filter(
      (s) => !source.test(s) || s.startsWith('aws.') || s === 'baton.cases',
    );
    if (bad.length > 0)
      problems.push(`${key} has sources producers may not use: ${bad.join(', ')}`);
  }
  const producerAccountIds = list(ctx('producerAccountIds'), []);
  const badAccounts = producerAccountIds.filter((id) => !/^\d{12}$/.test(id));
  if (badAccounts.length > 0) {
    problems.push(`producerAccountIds must be 12-digit account ids: ${badAccounts.join(', ')}`);
  }
  const org = ctx('producerOrganizationId');
  const producerOrganizationId = org === undefined || org === '' ? undefined : String(org);
  if (producerOrganizationId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(producerOrganizationId)) {
    problems.push(
      `producerOrganizationId must look like o-xxxxxxxxxx, got ${producerOrganizationId}`,
    );
  }

  const config: BatonConfig = {
    stage,
    billingSources,
    signalSources,
    producerAccountIds,
    producerOrganizationId,
    auditRetentionDays: integer('auditRetentionDays', 2190, 1, 36_500),
    // Step Functions caps a task at the execution's one-year lifetime.
    acceptanceSlaSeconds: integer('acceptanceSlaSeconds', 86_400, 60, 31_536_000),
    escalationSlaSeconds: integer('escalationSlaSeconds', 14_400, 60, 31_536_000),
  };
  if (problems.length > 0) {
    throw new Error(`Invalid Baton context:\n- ${problems.join('\n- ')}`);
  }
  return config;
};

export type { BatonConfig };
export { readConfig };
