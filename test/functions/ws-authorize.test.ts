import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signToken } from '../../functions/lib/token.ts';
import { lambdaContext, useLocalAws } from '../support/lambda.ts';
import { authorizeRequest } from '../support/ws-events.ts';

const SECRET = 'ws-authorize-test-secret';

type Handler = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;
let handler: Handler;

beforeAll(async () => {
  // The authorizer touches no table; INFO so the tests can read what it logs.
  useLocalAws('unused', { TOKEN_SECRET: SECRET, POWERTOOLS_LOG_LEVEL: 'INFO' });
  ({ handler } = (await import('../../functions/ws-authorize.ts')) as unknown as {
    handler: Handler;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs the authorizer, returning its answer or error and the log lines it wrote. */
const authorize = async (token: string | undefined) => {
  const lines: string[] = [];
  // Powertools writes INFO to stdout and WARN to stderr, one JSON line each.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
  }
  const event = authorizeRequest(token);
  const outcome = await handler(event, lambdaContext('ws-authorize')).then(
    (result) => ({ result, error: undefined }),
    (error: Error) => ({ result: undefined, error }),
  );
  vi.restoreAllMocks();
  return { ...outcome, event, logs: lines.map((l) => JSON.parse(l)) };
};

const sol = { agent: 'agent-sol', teams: ['specialist-support', 'complaints'] };

describe('ws-authorize', () => {
  it('allows a valid token on the connect route and passes its holder on as strings', async () => {
    const { result, event } = await authorize(signToken(SECRET, sol));

    expect(result).toEqual({
      principalId: 'agent-sol',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
      },
      context: { agentId: 'agent-sol', teams: 'specialist-support,complaints', lead: false },
    });
  });

  it('refuses an expired token with Unauthorized and logs why without the token', async () => {
    const token = signToken(SECRET, sol, 60, Date.now() - 3_600_000);

    const { error, logs } = await authorize(token);

    expect(error?.message).toBe('Unauthorized');
    const refusal = logs.find((l) => l.message === 'connection refused');
    expect(refusal).toMatchObject({ level: 'WARN', reason: 'the token has expired' });
    expect(JSON.stringify(logs)).not.toContain(token);
  });

  it('refuses a token whose claims were changed after signing', async () => {
    const [header, , signature] = signToken(SECRET, sol).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        iss: 'baton',
        sub: 'agent-sol',
        teams: ['fraud'],
        lead: true,
        iat: 1,
        exp: 4e9,
      }),
    ).toString('base64url');

    const { error, logs } = await authorize(`${header}.${forged}.${signature}`);

    expect(error?.message).toBe('Unauthorized');
    expect(logs.find((l) => l.message === 'connection refused')?.reason).toBe(
      'the token signature is not valid',
    );
  });

  it('refuses a token signed with another secret', async () => {
    const { error } = await authorize(signToken('some-other-secret', sol));

    expect(error?.message).toBe('Unauthorized');
  });

  it('refuses a connection without a token', async () => {
    const { error, logs } = await authorize(undefined);

    expect(error?.message).toBe('Unauthorized');
    expect(logs.find((l) => l.message === 'connection refused')?.reason).toBe(
      'the token is missing',
    );
  });
});
