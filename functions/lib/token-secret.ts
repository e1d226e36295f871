import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

let secret: Promise<string> | undefined;

const readSecret = async (): Promise<string> => {
  if (process.env.TOKEN_SECRET) return process.env.TOKEN_SECRET;
  const arn = process.env.TOKEN_SECRET_ARN;
  if (!arn) throw new Error('missing environment variable: TOKEN_SECRET_ARN (or TOKEN_SECRET)');
  const { SecretString } = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: arn }),
  );
  if (!SecretString) throw new Error('the token secret is empty');
  return SecretString;
};

/**
 * The token signing key, read once per process: from Secrets Manager (`TOKEN_SECRET_ARN`) on
 * AWS, or from `TOKEN_SECRET` where the local runtime provides it directly. Concurrent callers
 * share one read; a failed read is forgotten, so the next call reads again instead of every call
 * failing until the instance is recycled.
 */
const tokenSecret = (): Promise<string> => {
  secret ??= readSecret().catch((error: unknown) => {
    secret = undefined;
    throw error;
  });
  return secret;
};

export { tokenSecret };
