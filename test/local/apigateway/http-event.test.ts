import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiGateway } from '../../../local/apigateway/index.ts';
import { createFakeLambda } from './fake-lambda.ts';
import { fixture, httpResources, startGateway } from './gateway.ts';

const fake = createFakeLambda({
  'http-commands': () => ({ statusCode: 202 }),
  'http-queries': () => ({ statusCode: 200 }),
  files: () => ({ statusCode: 200 }),
  things: () => ({ statusCode: 200 }),
  'any-thing': () => ({ statusCode: 200 }),
  fallback: () => ({ statusCode: 200 }),
  slow: () => ({ statusCode: 200 }),
  private: () => ({ statusCode: 200 }),
  'http-authorize': () => ({ isAuthorized: true }),
});
let gateway: ApiGateway;

beforeAll(async () => {
  gateway = await startGateway(fake, httpResources());
});
afterAll(() => gateway.service.stop());

/** Sends a request with repeated headers as they travel on the wire (fetch would merge them). */
const send = (path: string, headers: [string, string][], body: string) =>
  new Promise<string>((resolve, reject) => {
    const url = new URL(gateway.httpUrl ?? '');
    const socket = connect(Number(url.port), url.hostname);
    const head = [
      `POST ${path} HTTP/1.1`,
      `Host: ${url.host}`,
      ...headers.map(([name, value]) => `${name}: ${value}`),
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ];
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  });

/** The field names of an object with the JSON type of each. */
const typesOf = (value: Record<string, unknown>, except: string[] = []) =>
  Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !except.includes(key))
      .map(([key, v]) => [key, Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v]),
  );

const stringMap = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  Object.values(value).every((v) => typeof v === 'string');

describe('HTTP API payload format 2.0 event', () => {
  it('has the shape of the example in AWS documentation', async () => {
    // Prepare
    const example = fixture('http-api-event-v2.aws-example.json');

    // Act
    await fetch(`${gateway.httpUrl}/v1/cases/c-1/commands?parameter1=value1&parameter1=value2`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie: 'cookie1=a; cookie2=b' },
      body: 'Hello from Lambda',
    });
    const event = fake.eventsOf('http-commands').at(-1);

    // Assess: the same fields with the same types; `authentication` needs mutual TLS and this
    // `authorizer` a JWT authorizer, which the route does not have.
    const notHere = ['authentication', 'authorizer'];
    expect(typesOf(event)).toEqual(typesOf(example));
    expect(typesOf(event.requestContext)).toEqual(typesOf(example.requestContext, notHere));
    expect(typesOf(event.requestContext.http)).toEqual(typesOf(example.requestContext.http));
    for (const map of ['headers', 'queryStringParameters', 'pathParameters', 'stageVariables']) {
      expect(stringMap(event[map]), map).toBe(true);
    }
    expect(event.cookies).toEqual(['cookie1=a', 'cookie2=b']);
  });

  it('fills the request context as API Gateway does', async () => {
    // Act
    const before = Date.now();
    await fetch(`${gateway.httpUrl}/cases/case-cus-1042-1/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'baton-test/1.0' },
      body: '{"type":"accept-handover"}',
    });
    const event = fake.eventsOf('http-commands').at(-1);

    // Assess
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /cases/{caseId}/commands',
      rawPath: '/cases/case-cus-1042-1/commands',
      rawQueryString: '',
      pathParameters: { caseId: 'case-cus-1042-1' },
      body: '{"type":"accept-handover"}',
      isBase64Encoded: false,
      requestContext: {
        accountId: '123456789012',
        apiId: 'k3n7q2xv1a',
        http: {
          method: 'POST',
          path: '/cases/case-cus-1042-1/commands',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'baton-test/1.0',
        },
        routeKey: 'POST /cases/{caseId}/commands',
        stage: '$default',
      },
    });
    expect(event.requestContext.requestId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(event.requestContext.time).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    expect(event.requestContext.timeEpoch).toBeGreaterThanOrEqual(before);
    expect(event.requestContext.domainName).toBe(new URL(gateway.httpUrl ?? '').host);
    expect(event.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.cookies).toBeUndefined();
  });

  it('lower-cases header names and joins repeated headers and parameters with commas', async () => {
    // Act
    const status = await send(
      '/cases/c-2/commands?team=a&team=b&empty=&q=a%20b',
      [
        ['Content-Type', 'application/json'],
        ['X-Baton-Tag', 'one'],
        ['X-Baton-Tag', 'two'],
        ['Cookie', 'session=s1; theme=dark'],
      ],
      '{}',
    );
    const event = fake.eventsOf('http-commands').at(-1);

    // Assess
    expect(status).toBe('HTTP/1.1 202 Accepted');
    expect(event.headers['x-baton-tag']).toBe('one,two');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['session=s1', 'theme=dark']);
    expect(event.rawQueryString).toBe('team=a&team=b&empty=&q=a%20b');
    expect(event.queryStringParameters).toEqual({ team: 'a,b', empty: '', q: 'a b' });
  });

  it('base64-encodes a binary body and passes text as it is', async () => {
    // Prepare
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);

    // Act
    await fetch(`${gateway.httpUrl}/cases/c-3/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const binary = fake.eventsOf('http-commands').at(-1);
    await fetch(`${gateway.httpUrl}/cases/c-3/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.baton+json; charset=utf-8' },
      body: '{"é":1}',
    });
    const text = fake.eventsOf('http-commands').at(-1);

    // Assess
    expect(binary).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
    expect(text).toMatchObject({ isBase64Encoded: false, body: '{"é":1}' });
  });
});
