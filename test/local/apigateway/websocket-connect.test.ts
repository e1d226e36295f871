import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiGateway } from '../../../local/apigateway/index.ts';
import { fixture, startGateway, webSocketResources } from './gateway.ts';
import { connectClient, refusedStatus } from './ws-client.ts';
import { createWebSocketFunctions } from './ws-functions.ts';

const fake = createWebSocketFunctions();
let gateway: ApiGateway;
let url: string;

/** The field names of an object. */
const keys = (value: object) => Object.keys(value).sort();

beforeAll(async () => {
  gateway = await startGateway(fake, webSocketResources());
  url = gateway.webSocketUrl ?? '';
});
afterAll(() => gateway.service.stop());

describe('WebSocket $connect', () => {
  it('connects when the authorizer allows, passing its context and principal on', async () => {
    // Act
    const client = await connectClient(url, fake, '?token=good');

    // Assess
    expect(client.connectionId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(client.connectEvent.requestContext).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      stage: 'dev',
      apiId: 'a1b2c3d4e5',
      messageDirection: 'IN',
      identity: { sourceIp: '127.0.0.1' },
      authorizer: {
        principalId: 'agent-sol',
        agentId: 'agent-sol',
        teams: 'specialist-support',
        // API Gateway passes context values on as strings.
        lead: 'false',
      },
    });
    expect(client.connectEvent.queryStringParameters).toEqual({ token: 'good' });
    client.socket.close();
    await client.closed;
  });

  it('calls the authorizer with the REQUEST event API Gateway sends for WebSocket APIs', async () => {
    // Prepare
    const example = fixture('websocket-authorize-request.json');

    // Act
    const client = await connectClient(url, fake, '?token=good');
    const event = fake.eventsOf('ws-authorize').at(-1);

    // Assess
    expect(keys(event)).toEqual(keys(example));
    expect(keys(event.requestContext)).toEqual(keys(example.requestContext));
    expect(event).toMatchObject({
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:eu-west-2:123456789012:a1b2c3d4e5/dev/$connect',
      queryStringParameters: { token: 'good' },
      multiValueQueryStringParameters: { token: ['good'] },
      requestContext: {
        routeKey: '$connect',
        eventType: 'CONNECT',
        connectionId: client.connectionId,
      },
    });
    expect(event.headers['Sec-WebSocket-Key'] ?? event.headers['sec-websocket-key']).toBeTruthy();
    client.socket.close();
    await client.closed;
  });

  it('gives the $connect function an event shaped like API Gateway’s', async () => {
    // Prepare
    const example = fixture('websocket-connect.json');

    // Act
    const client = await connectClient(url, fake, '?token=good');

    // Assess
    expect(keys(client.connectEvent)).toEqual(keys(example));
    expect(keys(client.connectEvent.requestContext)).toEqual(keys(example.requestContext));
    expect(keys(client.connectEvent.requestContext.authorizer)).toEqual(
      keys(example.requestContext.authorizer),
    );
    client.socket.close();
    await client.closed;
  });

  it('refuses with 403 when the authorizer denies, and 401 when it throws Unauthorized', async () => {
    // Act
    const denied = await refusedStatus(url, '?token=deny');
    const unauthorized = await refusedStatus(url, '?token=forged');

    // Assess
    expect(denied).toBe(403);
    expect(unauthorized).toBe(401);
  });

  it('refuses with 401 without calling the authorizer when the token is missing', async () => {
    // Prepare
    const calls = fake.eventsOf('ws-authorize').length;

    // Act
    const missing = await refusedStatus(url, '');
    const empty = await refusedStatus(url, '?token=');

    // Assess
    expect(missing).toBe(401);
    expect(empty).toBe(401);
    expect(fake.eventsOf('ws-authorize')).toHaveLength(calls);
  });

  it('serves its stage at the root too, and refuses a stage it does not have', async () => {
    // Prepare
    const root = url.replace(/\/dev$/, '');

    // Act
    const client = await connectClient(root, fake, '/?token=good');
    const unknown = await refusedStatus(root, '/prod?token=good');

    // Assess
    expect(client.connectEvent.requestContext.stage).toBe('dev');
    expect(unknown).toBe(403);
    client.socket.close();
    await client.closed;
  });
});
