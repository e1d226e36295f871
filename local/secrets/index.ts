import type {
  EdgeRoute,
  LocalLogger,
  LocalService,
  LocalSettings,
  TemplateResource,
} from '../contracts.ts';
import { getSecretValueRoute } from './get-secret-value-route.ts';
import { readSecretValue, type SecretValue, secretFile, secretValues } from './secret-values.ts';

interface LocalSecrets {
  service: LocalService;
  /** Answers `secretsmanager.GetSecretValue` on the edge. */
  route: EdgeRoute;
}

/**
 * The template's `AWS::SecretsManager::Secret`s: `start` makes sure each has a value (kept in
 * `<dataDir>/secrets/<logicalId>`, or in memory for `--in-memory` runs), and the route serves
 * them to the functions.
 *
 * @example createSecrets({ settings, logger, secrets: resourcesOf(resources, 'secrets') })
 */
const createSecrets = (options: {
  settings: LocalSettings;
  logger: LocalLogger;
  secrets: TemplateResource[];
}): LocalSecrets => {
  const currentValue = secretValues(options.settings);
  return {
    service: {
      name: 'secrets',
      start: async () => {
        for (const secret of options.secrets) currentValue(secret);
        options.logger.info('secrets ready', {
          secrets: options.secrets.length,
          storage: options.settings.inMemory ? 'memory' : `${options.settings.dataDir}/secrets`,
        });
      },
      stop: async () => {},
    },
    route: getSecretValueRoute(options.secrets, currentValue),
  };
};

/**
 * The secret the functions verify tokens with: the one their `TOKEN_SECRET_ARN` names, or the
 * template's only secret.
 */
const tokenSigningSecret = (resources: readonly TemplateResource[]): TemplateResource => {
  const secrets = resources.filter((r) => r.type === 'AWS::SecretsManager::Secret');
  const named = resources
    .filter((r) => r.type === 'AWS::Lambda::Function')
    .map((f) => f.properties.Environment as { Variables?: Record<string, unknown> } | undefined)
    .map((env) => env?.Variables?.TOKEN_SECRET_ARN)
    .find((arn) => typeof arn === 'string');
  const secret =
    secrets.find((s) => s.ref === named) ?? (secrets.length === 1 ? secrets[0] : undefined);
  if (!secret) {
    throw new Error(
      `cannot tell which secret signs tokens: no function names one in TOKEN_SECRET_ARN and the template has ${secrets.length} secrets`,
    );
  }
  return secret;
};

/**
 * The token signing key as the local runtime keeps it in the data folder, generated there on
 * first use (as the runtime would), for `npm run token`.
 */
const readSigningKey = (dataDir: string, resources: readonly TemplateResource[]): string =>
  readSecretValue(dataDir, tokenSigningSecret(resources)).value;

export type { LocalSecrets, SecretValue };
export { createSecrets, readSecretValue, readSigningKey, secretFile, tokenSigningSecret };
