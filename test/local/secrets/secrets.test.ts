import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSettings } from '../../../local/contracts.ts';
import { createEdge, type Edge } from '../../../local/edge/index.ts';
import { createLogger } from '../../../local/logger.ts';
import { generateSecretString } from '../../../local/secrets/generate-secret.ts';
import {
  createSecrets,
  readSigningKey,
  secretFile,
  tokenSigningSecret,
} from '../../../local/secrets/index.ts';
import { loadStack, resourcesOf } from '../../../local/template/index.ts';

const logger = createLogger('secrets', { write: () => {} });
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('Secrets Manager on the edge', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-secrets-'));
  const settings: LocalSettings = {
    dataDir,
    inMemory: false,
    region: 'eu-west-2',
    accountId: '000000000000',
    edgePort: 0,
  };
  const stack = loadStack(join(import.meta.dirname, '../../fixtures/local/core'), settings);
  const secrets = resourcesOf(stack.resources, 'secrets');
  const signing = tokenSigningSecret(stack.resources);
  let edge: Edge;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    const local = createSecrets({ settings, logger, secrets });
    await local.service.start();
    edge = createEdge({ port: 0, logger, routes: [local.route] });
    await edge.start();
    client = new SecretsManagerClient({ endpoint: edge.url, region: 'eu-west-2', credentials });
  });

  afterAll(async () => {
    client.destroy();
    await edge.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('generates the signing key once, as the template asks, and keeps it in the data folder', () => {
    // Act
    const file = secretFile(dataDir, signing.logicalId);

    // Assess
    expect(file).toBe(join(dataDir, 'secrets', 'TokenSigningKeyBF1D9E0A'));
    expect(readFileSync(file, 'utf8')).toMatch(/^[A-Za-z0-9]{64}$/);
  });

  it('answers GetSecretValue by ARN, by name and by partial ARN with the kept value', async () => {
    // Arrange
    const kept = readFileSync(secretFile(dataDir, signing.logicalId), 'utf8');

    // Act
    const answers = await Promise.all(
      [signing.ref, 'baton-dev/token-signing-key', signing.ref.slice(0, -7)].map((SecretId) =>
        client.send(new GetSecretValueCommand({ SecretId })),
      ),
    );

    // Assess
    for (const answer of answers) {
      expect(answer).toMatchObject({
        ARN: signing.ref,
        Name: 'baton-dev/token-signing-key',
        SecretString: kept,
        VersionStages: ['AWSCURRENT'],
      });
      expect(answer.CreatedDate).toBeInstanceOf(Date);
    }
  });

  it('answers ResourceNotFoundException for a secret the template does not declare', async () => {
    // Act
    const failure = await client
      .send(new GetSecretValueCommand({ SecretId: 'baton-dev/nothing' }))
      .catch((e: Error) => e);

    // Assess
    expect(failure).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    });
  });

  it('answers ResourceNotFoundException for a staging label other than AWSCURRENT', async () => {
    // Act
    const failure = await client
      .send(new GetSecretValueCommand({ SecretId: signing.ref, VersionStage: 'AWSPREVIOUS' }))
      .catch((e: Error) => e);

    // Assess
    expect(failure).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('gives the token CLI the same key after a restart', async () => {
    // Arrange
    const served = await client.send(new GetSecretValueCommand({ SecretId: signing.ref }));

    // Act
    const again = createSecrets({ settings, logger, secrets });
    await again.service.start();

    // Assess
    expect(readSigningKey(dataDir, stack.resources)).toBe(served.SecretString);
  });

  it('keeps secrets in memory, and writes nothing, for in-memory runs', async () => {
    // Arrange
    const memoryDir = join(dataDir, 'memory-run');
    const local = createSecrets({
      settings: { ...settings, dataDir: memoryDir, inMemory: true },
      logger,
      secrets,
    });

    // Act
    await local.service.start();

    // Assess
    expect(existsSync(memoryDir)).toBe(false);
  });
});

describe('generateSecretString', () => {
  it('honours the length and the excluded character classes', () => {
    // Act
    const value = generateSecretString({
      PasswordLength: 40,
      ExcludePunctuation: true,
      ExcludeUppercase: true,
      ExcludeCharacters: 'abc',
    });

    // Assess
    expect(value).toMatch(/^[d-z0-9]{40}$/);
  });

  it('places the value in the JSON template under the key it is given', () => {
    // Act
    const value = JSON.parse(
      generateSecretString({
        SecretStringTemplate: '{"user":"baton"}',
        GenerateStringKey: 'password',
      }),
    );

    // Assess
    expect(value).toEqual({ user: 'baton', password: expect.stringMatching(/^.{32}$/) });
  });
});
