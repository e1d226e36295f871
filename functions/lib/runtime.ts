import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { type BatonConfig, defaultConfig, loadConfig } from '#domain/config/config.ts';
import { CaseStore } from './case-store.ts';
import { documentClient } from './dynamo.ts';
import { readEnv } from './env.ts';

/**
 * The JSON logger every handler shares: fixed messages, variable data in fields, the correlation
 * id appended per input. No personal data: log case ids and input ids, never customer details.
 */
const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'baton' });

/** CloudWatch metrics in the embedded metric format, namespace `Baton`, one flush per invocation. */
const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Baton' });

let config: BatonConfig | undefined;
let store: CaseStore | undefined;

/**
 * The validated configuration, loaded once per process: the shipped defaults, or the whole
 * configuration given as JSON in `BATON_CONFIG` (how a deployment or the local runtime changes
 * rules and SLAs without a new build).
 */
const batonConfig = (): BatonConfig => {
  if (config) return config;
  const given = process.env.BATON_CONFIG;
  if (!given) {
    config = defaultConfig();
    return config;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(given);
  } catch {
    throw new Error(
      'BATON_CONFIG is not valid JSON: give the whole configuration as a JSON object',
    );
  }
  config = loadConfig(raw);
  return config;
};

/** The case store over the table named by `TABLE_NAME`, created once per process. */
const caseStore = (): CaseStore => {
  store ??= new CaseStore(documentClient(), readEnv(['TABLE_NAME']).TABLE_NAME, batonConfig());
  return store;
};

export { batonConfig, caseStore, logger, metrics };
