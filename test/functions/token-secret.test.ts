import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signToken } from '../../functions/lib/token.ts';
import type { TemplateResource } from '../../local/contracts.ts';
import { getSecretValueRoute } from '../../local/secrets/get-secret-value-route.ts';
import { serveOnEdge } from '../support/edge.ts';
import { lambdaContext, useLocalAws } from '../support/lambda.ts';
import { authorizeRequest } from '../support/ws-events.ts';

const SECRET = 'token-secret-test-key';
const SIGNING_KEY: TemplateResource = {
  logicalId: 'TokenSigningKey',
  type: 'AWS::SecretsManager::Secret',
  properties: { Name: 'baton-test/token-signing-key' },
  ref: 'arn:aws:secretsmanager:eu-west-2:000000000000:secret:baton-test/token-signing-key-AbCdEf',
  attributes: {},
};

type Handler = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;
let handler: Handler;
let edge: Awaited<ReturnType<typeof serveOnEdge>>;
/** The secrets the edge serves: empty until a test puts the signing key in. */
const secrets: TemplateResource[] = [];
let reads = 0;

beforeAll(async () => {
  const route = getSecretValueRoute(secrets, () => ({
    value: SECRET,
    versionId: '6f1c2a3b-0000-4000-8000-000000000001',
    createdAt: new Date('2025-01-01T00:00:00Z'),
  }));
  edge = await serveOnEdge([
    {
      ...route,
      handle: (req) => {
        reads += 1;
        return route.handle(req);
      },
    },
  ]);
  delete process.env.TOKEN_SECRET;
  useLocalAws('unused', {
    TOKEN_SECRET_ARN: SIGNING_KEY.ref,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: edge.endpoint,
  });
  ({ handler } = (await import('../../functions/ws-authorize.ts')) as unknown as {
    handler: Handler;
  });
});

afterAll(() => edge.close());

const token = signToken(SECRET, { agent: 'agent-sol', teams: ['specialist-support'] });
const authorize = () =>
  handler(authorizeRequest(token), lambdaContext('ws-authorize')).then(
    (result) => ({ result, error: undefined }),
    (error: Error) => ({ result: undefined, error }),
  );

describe('the token signing key', () => {
  it('is read once by callers that all arrive before the first read has answered', async () => {
    // A fresh module: nothing read yet.
    vi.resetModules();
    const { tokenSecret } = await import('../../functions/lib/token-secret.ts');
    secrets.splice(0, secrets.length, SIGNING_KEY);
    const before = reads;

    const keys = await Promise.all([tokenSecret(), tokenSecret(), tokenSecret()]);

    expect(keys).toEqual([SECRET, SECRET, SECRET]);
    expect(reads).toBe(before + 1);
  });

  it('is read again after a failed read, so connections recover without a new instance', async () => {
    secrets.length = 0;

    const failed = await authorize();
    secrets.push(SIGNING_KEY);
    const recovered = await authorize();

    expect(failed.error?.name).toBe('ResourceNotFoundException');
    expect(recovered.error).toBeUndefined();
    expect(recovered.result?.principalId).toBe('agent-sol');
  });

  it('is read once while reads succeed', async () => {
    secrets.splice(0, secrets.length, SIGNING_KEY);
    await authorize();
    const before = reads;

    const later = await Promise.all([authorize(), authorize(), authorize()]);

    expect(later.map((a) => a.result?.principalId)).toEqual([
      'agent-sol',
      'agent-sol',
      'agent-sol',
    ]);
    expect(reads).toBe(before);
  });
});
