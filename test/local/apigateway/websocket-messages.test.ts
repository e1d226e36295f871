import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiGateway } from '../../../local/apigateway/index.ts';
import { fixture, startGateway, webSocketResources } from './gateway.ts';
import { type Client, connectClient } from './ws-client.ts';
import { createWebSocketFunctions } from './ws-functions.ts';

const fake = createWebSocketFunctions();
let gateway: ApiGateway;
let client: Client;

const keys = (value: object) => Object.keys(value).sort();

beforeAll(async () => {
  gateway = await startGateway(fake, webSocketResources());
  client = await connectClient(gateway.webSocketUrl ?? '', fake);
});
afterAll(() => gateway.service.stop());

describe('WebSocket messages', () => {
  it('routes a message by its action and sends the route response back', async () => {
    // Prepare
    const example = fixture('websocket-subscribe.json');
    const routed = fake.nextEventOf('ws-subscribe');

    // Act
    client.socket.send('{"action":"subscribe","teams":["specialist-support"]}');
    const event = await routed;
    const reply = await client.next();

    // Assess
    expect(JSON.parse(reply)).toEqual({ type: 'subscribed', teams: ['specialist-support'] });
    expect(keys(event)).toEqual(keys(example));
    expect(keys(event.requestContext)).toEqual(keys(example.requestContext));
    expect(event).toMatchObject({
      body: '{"action":"subscribe","teams":["specialist-support"]}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'subscribe',
        eventType: 'MESSAGE',
        connectionId: client.connectionId,
        authorizer: { principalId: 'agent-sol', agentId: 'agent-sol' },
      },
    });
    expect(event.requestContext.messageId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
  });

  it('sends a message whose action names no route, or that is not JSON, to $default', async () => {
    // Prepare
    const first = fake.nextEventOf('ws-default');

    // Act
    client.socket.send('{"action":"watch","caseId":"case-1"}');
    const unknownAction = await first;
    const firstReply = await client.next();
    const second = fake.nextEventOf('ws-default');
    client.socket.send('hello');
    const notJson = await second;
    await client.next();

    // Assess
    expect(unknownAction.requestContext.routeKey).toBe('$default');
    expect(notJson.body).toBe('hello');
    expect(JSON.parse(firstReply)).toEqual({ type: 'error', code: 'UNKNOWN_ACTION' });
  });

  it('sends a binary frame to $default, base64-encoded', async () => {
    // Prepare
    const routed = fake.nextEventOf('ws-default');

    // Act
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    const event = await routed;
    await client.next();

    // Assess
    expect(event).toMatchObject({ body: 'AQID', isBase64Encoded: true });
  });

  it('sends nothing back from a route without a route response', async () => {
    // Prepare
    const silent = fake.nextEventOf('ws-silent');
    const after = fake.nextEventOf('ws-subscribe');

    // Act
    client.socket.send('{"action":"silent"}');
    await silent;
    client.socket.send('{"action":"subscribe","teams":["fraud"]}');
    await after;
    const reply = await client.next();

    // Assess: the first message the client gets is the subscription's.
    expect(JSON.parse(reply)).toEqual({ type: 'subscribed', teams: ['fraud'] });
  });

  it('tells the client of an internal error when the route’s function fails', async () => {
    // Act
    client.socket.send('{"action":"subscribe","fail":true}');
    const reply = JSON.parse(await client.next());

    // Assess
    expect(reply).toMatchObject({
      message: 'Internal server error',
      connectionId: client.connectionId,
    });
    expect(reply.requestId).toMatch(/=$/);
  });

  it('calls $disconnect with the close code when the client closes', async () => {
    // Prepare
    const example = fixture('websocket-disconnect.json');
    const disconnected = fake.nextEventOf('ws-disconnect');

    // Act
    client.socket.close(1000, 'done');
    const event = await disconnected;

    // Assess
    expect(keys(event)).toEqual(keys(example));
    expect(keys(event.requestContext)).toEqual(keys(example.requestContext));
    expect(event.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      connectionId: client.connectionId,
      disconnectStatusCode: 1000,
      disconnectReason: 'done',
      authorizer: { principalId: 'agent-sol' },
    });
  });
});
