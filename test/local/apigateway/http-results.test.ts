import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiGateway } from '../../../local/apigateway/index.ts';
import { createFakeLambda } from './fake-lambda.ts';
import { httpResources, startGateway } from './gateway.ts';

class CaseNotFound extends Error {
  override name = 'CaseNotFound';
}

const fake = createFakeLambda({
  'http-commands': (event) => {
    const body = JSON.parse(event.body);
    if (body.kind === 'structured') {
      return {
        statusCode: 201,
        headers: { 'content-type': 'application/json', 'x-baton-version': 3 },
        cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
        body: '{"accepted":true}',
      };
    }
    if (body.kind === 'binary') {
      return {
        statusCode: 200,
        headers: { 'content-type': 'image/png' },
        body: Buffer.from([137, 80, 78, 71]).toString('base64'),
        isBase64Encoded: true,
      };
    }
    if (body.kind === 'plain') return { accepted: true, seq: 4 };
    if (body.kind === 'string') return 'accepted';
    if (body.kind === 'bad-status') return { statusCode: 'soon', body: 'x' };
    throw new CaseNotFound('no such case');
  },
  'http-queries': () => ({ statusCode: 200, body: '[]' }),
  files: () => ({ statusCode: 200 }),
  things: () => ({ statusCode: 200 }),
  'any-thing': () => ({ statusCode: 200 }),
  fallback: () => ({ statusCode: 200 }),
  slow: () => new Promise(() => {}),
  private: (event) => ({ statusCode: 200, body: JSON.stringify(event.requestContext.authorizer) }),
  'http-authorize': (event) =>
    event.identitySource[0] === 'Bearer good'
      ? { isAuthorized: true, context: { agentId: 'agent-sol', lead: false } }
      : { isAuthorized: false },
});
let gateway: ApiGateway;
let bare: ApiGateway;

const command = (kind: string) =>
  fetch(`${gateway.httpUrl}/cases/c-1/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind }),
  });

beforeAll(async () => {
  gateway = await startGateway(fake, httpResources());
  // The same API without a `$default` route, and with CORS for one origin.
  const resources = httpResources()
    .filter((r) => r.properties.RouteKey !== '$default')
    .map((r) =>
      r.type === 'AWS::ApiGatewayV2::Api'
        ? {
            ...r,
            properties: {
              ...r.properties,
              CorsConfiguration: {
                AllowOrigins: ['http://localhost:5173'],
                AllowMethods: ['GET', 'POST'],
                AllowHeaders: ['content-type', 'authorization'],
                MaxAge: 600,
              },
            },
          }
        : r,
    );
  bare = await startGateway(fake, resources);
});
afterAll(() => Promise.all([gateway.service.stop(), bare.service.stop()]));

describe('HTTP API results', () => {
  it('maps a structured result to status, headers, cookies and body', async () => {
    // Act
    const response = await command('structured');

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('x-baton-version')).toBe('3');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(response.headers.get('apigw-requestid')).toMatch(/=$/);
    expect(await response.json()).toEqual({ accepted: true });
  });

  it('decodes a base64-encoded body', async () => {
    // Act
    const response = await command('binary');

    // Assess
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([137, 80, 78, 71]));
  });

  it('answers 200 with the result as JSON when it has no statusCode', async () => {
    // Act
    const plain = await command('plain');
    const text = await command('string');

    // Assess
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(await plain.json()).toEqual({ accepted: true, seq: 4 });
    expect(await text.text()).toBe('accepted');
  });

  it('answers 500 when the function fails or its answer cannot be read', async () => {
    // Act
    const failed = await command('throw');
    const unreadable = await command('bad-status');

    // Assess
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ message: 'Internal Server Error' });
    expect(unreadable.status).toBe(500);
  });

  it('answers 503 when the integration times out', async () => {
    // Act
    const response = await fetch(`${gateway.httpUrl}/slow`);

    // Assess
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: 'Service Unavailable' });
  });

  it('answers 404 Not Found when no route matches and there is no $default', async () => {
    // Act
    const response = await fetch(`${bare.httpUrl}/nowhere`);

    // Assess
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
  });
});

describe('HTTP API CORS', () => {
  it('answers a preflight itself when the API configures CORS', async () => {
    // Act
    const response = await fetch(`${bare.httpUrl}/cases/c-1/commands`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });

    // Assess
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(response.headers.get('access-control-max-age')).toBe('600');
  });

  it('adds no CORS headers for an origin it does not allow, nor when CORS is not configured', async () => {
    // Act
    const other = await fetch(`${bare.httpUrl}/cases/overdue`, {
      headers: { origin: 'http://elsewhere.example' },
    });
    const unconfigured = await fetch(`${gateway.httpUrl}/cases/overdue`, {
      headers: { origin: 'http://localhost:5173' },
    });

    // Assess
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(unconfigured.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('HTTP API Lambda authorizer', () => {
  it('passes what the authorizer allows as requestContext.authorizer.lambda', async () => {
    // Act
    const response = await fetch(`${gateway.httpUrl}/private`, {
      headers: { authorization: 'Bearer good' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ lambda: { agentId: 'agent-sol', lead: false } });
    expect(fake.eventsOf('http-authorize').at(-1)).toMatchObject({
      version: '2.0',
      type: 'REQUEST',
      routeArn: 'arn:aws:execute-api:eu-west-2:123456789012:k3n7q2xv1a/$default/GET/private',
      identitySource: ['Bearer good'],
      routeKey: 'GET /private',
    });
  });

  it('answers 403 when the authorizer refuses and 401 without calling it when the header is missing', async () => {
    // Prepare
    const calls = fake.eventsOf('http-authorize').length;

    // Act
    const refused = await fetch(`${gateway.httpUrl}/private`, {
      headers: { authorization: 'Bearer bad' },
    });
    const missing = await fetch(`${gateway.httpUrl}/private`);

    // Assess
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ message: 'Forbidden' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ message: 'Unauthorized' });
    expect(fake.eventsOf('http-authorize')).toHaveLength(calls + 1);
  });
});
