import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

let secret: Promise<string> | undefined;

/**
 * The token signing key, read once per process: from Secrets Manager (`TOKEN_SECRET_ARN`) on
 * AWS, or from `TOKEN_SECRET` where the local runtime provides it directly.
 */
const tokenSecret = (): Promise<string> => {
  secret ??= (async () => {
    if (process.env.TOKEN_SECRET) return process.env.TOKEN_SECRET;
    const arn = process.env.TOKEN_SECRET_ARN;
    if (!arn) throw new Error('missing environment variable: TOKEN_SECRET_ARN (or TOKEN_SECRET)');
    const { SecretString } = await new SecretsManagerClient({}).send(
      new GetSecretValueCommand({ SecretId: arn }),
    );
    if (!SecretString) throw new Error('the token secret is empty');
    return SecretString;
  })();
  return secret;
};

export { tokenSecret };
