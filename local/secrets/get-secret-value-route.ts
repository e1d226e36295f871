import type { EdgeRequest, EdgeRoute, TemplateResource } from '../contracts.ts';
import { jsonError } from '../edge/index.ts';
import type { SecretValue } from './secret-values.ts';

const TARGET = 'secretsmanager.GetSecretValue';

/** The secret's name: the template's `Name`, else the ARN's last part less its suffix. */
const nameOf = (secret: TemplateResource): string =>
  typeof secret.properties.Name === 'string'
    ? secret.properties.Name
    : secret.ref.slice(secret.ref.indexOf(':secret:') + ':secret:'.length, -7);

/** A secret is asked for by its ARN, its name, or its ARN without the random suffix. */
const findSecret = (secrets: TemplateResource[], id: string) =>
  secrets.find((s) => s.ref === id || nameOf(s) === id || s.ref.slice(0, -7) === id);

const parseBody = (req: EdgeRequest): Record<string, unknown> | undefined => {
  try {
    const parsed = JSON.parse(req.body.toString('utf8') || '{}');
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Secrets Manager's `GetSecretValue` on the edge, for the template's secrets. Other Secrets
 * Manager operations are not served (the edge answers them `UnknownOperationException`).
 */
const getSecretValueRoute = (
  secrets: TemplateResource[],
  currentValue: (secret: TemplateResource) => SecretValue,
): EdgeRoute => ({
  name: 'secretsmanager',
  matches: (req) => req.headers['x-amz-target'] === TARGET,
  handle: async (req) => {
    const body = parseBody(req);
    if (!body) return jsonError(400, 'SerializationException', 'The request body is not JSON');
    const id = body.SecretId;
    if (typeof id !== 'string' || id === '') {
      return jsonError(
        400,
        'ValidationException',
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
      );
    }
    const secret = findSecret(secrets, id);
    if (!secret) {
      return jsonError(
        400,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    }
    const current = currentValue(secret);
    const stage = body.VersionStage;
    if (typeof stage === 'string' && stage !== 'AWSCURRENT') {
      return jsonError(
        400,
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
      );
    }
    const version = body.VersionId;
    if (typeof version === 'string' && version !== current.versionId) {
      return jsonError(
        400,
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for VersionId: ${version}`,
      );
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({
        ARN: secret.ref,
        Name: nameOf(secret),
        VersionId: current.versionId,
        SecretString: current.value,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: current.createdAt.getTime() / 1_000,
      }),
    };
  },
});

export { getSecretValueRoute };
