import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '#schemas/common.ts';
import { agentId, teamId } from '#schemas/common.ts';
import { UnauthorizedError } from './errors.ts';

/** What a sign-in token says of its holder. */
const claims = z.object({
  iss: z.literal('baton'),
  sub: agentId,
  teams: z.array(teamId).min(1),
  lead: z.boolean().default(false),
  iat: z.int(),
  exp: z.int(),
});
type Claims = z.infer<typeof claims>;

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

const signature = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest();

/**
 * Signs a token (a JWT, HS256) for an agent and their teams.
 *
 * @example signToken(secret, { agent: 'agent-ana', teams: ['front-line'] })
 */
const signToken = (
  secret: string,
  who: { agent: string; teams: string[]; lead?: boolean },
  ttlSeconds = 12 * 3_600,
  now = Date.now(),
): string => {
  const iat = Math.floor(now / 1_000);
  const payload = claims.parse({
    iss: 'baton',
    sub: who.agent,
    teams: who.teams,
    lead: who.lead ?? false,
    iat,
    exp: iat + ttlSeconds,
  });
  const body = `${HEADER}.${base64url(JSON.stringify(payload))}`;
  return `${body}.${base64url(signature(secret, body))}`;
};

/**
 * Verifies a token's signature, algorithm and expiry, returning its claims; anything else is an
 * `UnauthorizedError` that says what was wrong (never echoing the token).
 */
const verifyToken = (secret: string, token: string, now = Date.now()): Claims => {
  const parts = token.split('.');
  if (parts.length !== 3) throw new UnauthorizedError('the token is not a JWT');
  const [header, payload, sig] = parts as [string, string, string];
  const expected = signature(secret, `${header}.${payload}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UnauthorizedError('the token signature is not valid');
  }
  let decoded: unknown;
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    if (head.alg !== 'HS256') throw new UnauthorizedError('the token algorithm is not HS256');
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch (error) {
    if (error instanceof UnauthorizedError) throw error;
    throw new UnauthorizedError('the token is not readable');
  }
  const parsed = claims.safeParse(decoded);
  if (!parsed.success) throw new UnauthorizedError('the token claims are not valid');
  if (parsed.data.exp * 1_000 <= now) throw new UnauthorizedError('the token has expired');
  return parsed.data;
};

/** The actor a token's holder acts as. */
const actorOf = (c: Claims): Actor => ({
  kind: 'agent',
  agentId: c.sub,
  teams: c.teams,
  lead: c.lead,
});

export type { Claims };
export { actorOf, signToken, verifyToken };
