import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiGateway } from '../../../local/apigateway/index.ts';
import { createFakeLambda, type GatewayEvent } from './fake-lambda.ts';
import { httpResources, startGateway } from './gateway.ts';

const echo = (event: GatewayEvent) => ({
  statusCode: 200,
  body: JSON.stringify({ routeKey: event.routeKey, pathParameters: event.pathParameters ?? null }),
});

const fake = createFakeLambda({
  'http-commands': echo,
  'http-queries': echo,
  files: echo,
  things: echo,
  'any-thing': echo,
  fallback: echo,
  slow: () => new Promise(() => {}),
  private: echo,
  'http-authorize': () => ({ isAuthorized: true }),
});
let gateway: ApiGateway;

const call = async (method: string, path: string) => {
  const response = await fetch(`${gateway.httpUrl}${path}`, { method });
  return response.json() as Promise<{ routeKey: string; pathParameters: Record<string, string> }>;
};

beforeAll(async () => {
  gateway = await startGateway(fake, httpResources());
});
afterAll(() => gateway.service.stop());

describe('HTTP API route matching', () => {
  it('prefers a literal segment over a path parameter', async () => {
    // Act
    const overdue = await call('GET', '/cases/overdue');
    const oneCase = await call('GET', '/cases/case-cus-1042-1');

    // Assess
    expect(overdue).toEqual({ routeKey: 'GET /cases/overdue', pathParameters: null });
    expect(oneCase).toEqual({
      routeKey: 'GET /cases/{caseId}',
      pathParameters: { caseId: 'case-cus-1042-1' },
    });
  });

  it('matches a path parameter in the middle of a route, with its method', async () => {
    // Act
    const command = await call('POST', '/cases/case-1/commands');
    const wrongMethod = await call('GET', '/cases/case-1/commands');

    // Assess
    expect(command).toEqual({
      routeKey: 'POST /cases/{caseId}/commands',
      pathParameters: { caseId: 'case-1' },
    });
    expect(wrongMethod.routeKey).toBe('$default');
  });

  it('gives a greedy path variable one or more segments, decoded', async () => {
    // Act
    const nested = await call('DELETE', '/files/reports/2026/a%20b.txt');
    const bare = await call('GET', '/files');

    // Assess
    expect(nested).toEqual({
      routeKey: 'ANY /files/{proxy+}',
      pathParameters: { proxy: 'reports/2026/a b.txt' },
    });
    expect(bare.routeKey).toBe('$default');
  });

  it('prefers a route for the method over ANY on the same path', async () => {
    // Act
    const get = await call('GET', '/things/7');
    const put = await call('PUT', '/things/7');

    // Assess
    expect(get.routeKey).toBe('GET /things/{id}');
    expect(put.routeKey).toBe('ANY /things/{id}');
  });

  it('matches paths case-sensitively and sends what no route takes to $default', async () => {
    // Act
    const upper = await call('GET', '/CASES/overdue');
    const unknown = await call('PATCH', '/nowhere/at/all');

    // Assess
    expect(upper.routeKey).toBe('$default');
    expect(unknown.routeKey).toBe('$default');
  });

  it('serves a named stage under its name, and only its routes', async () => {
    // Act
    const response = await fetch(`${gateway.httpUrl}/v1/cases/overdue`);
    const event = fake.eventsOf('http-queries').at(-1);

    // Assess
    expect(response.status).toBe(200);
    expect(event.requestContext.stage).toBe('v1');
    expect(event.rawPath).toBe('/v1/cases/overdue');
    expect(event.stageVariables).toEqual({ flavour: 'named' });
  });
});
