import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalSettings, TemplateResource } from '../contracts.ts';
import { type GenerateSecretString, generateSecretString } from './generate-secret.ts';

/** A secret's current value, with what GetSecretValue reports about it. */
interface SecretValue {
  value: string;
  versionId: string;
  createdAt: Date;
}

type Storage = Pick<LocalSettings, 'dataDir' | 'inMemory'>;

/** `<dataDir>/secrets/<logicalId>`: one file per secret, holding its value alone. */
const secretFile = (dataDir: string, logicalId: string) => join(dataDir, 'secrets', logicalId);

/** The value the template gives (`SecretString`) or a fresh one as `GenerateSecretString` asks. */
const initialValue = (secret: TemplateResource): string =>
  typeof secret.properties.SecretString === 'string'
    ? secret.properties.SecretString
    : generateSecretString(secret.properties.GenerateSecretString as GenerateSecretString);

const versionOf = (logicalId: string, value: string): string => {
  const hex = createHash('sha256').update(`${logicalId}\n${value}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/**
 * Reads a secret's value from the data folder, generating and keeping it on first use, so the
 * functions (through GetSecretValue) and `npm run token` sign and verify with the same key.
 *
 * Differs from AWS: the value lives in a plain file (mode 600) under the data folder, not
 * encrypted with a KMS key; there is one version and no rotation.
 */
const readSecretValue = (dataDir: string, secret: TemplateResource): SecretValue => {
  const file = secretFile(dataDir, secret.logicalId);
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'secrets'), { recursive: true });
    try {
      writeFileSync(file, initialValue(secret), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process (the runtime, or the token CLI) wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const value = readFileSync(file, 'utf8');
  return { value, versionId: versionOf(secret.logicalId, value), createdAt: statSync(file).mtime };
};

/** The values of a run's secrets: in the data folder, or in memory for `--in-memory` runs. */
const secretValues = (storage: Storage) => {
  const memory = new Map<string, SecretValue>();
  return (secret: TemplateResource): SecretValue => {
    if (!storage.inMemory) return readSecretValue(storage.dataDir, secret);
    let kept = memory.get(secret.logicalId);
    if (!kept) {
      const value = initialValue(secret);
      kept = { value, versionId: versionOf(secret.logicalId, value), createdAt: new Date() };
      memory.set(secret.logicalId, kept);
    }
    return kept;
  };
};

export type { SecretValue };
export { readSecretValue, secretFile, secretValues };
