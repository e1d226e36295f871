import { afterEach, describe, expect, it } from 'vitest';
import type { ApiGateway } from '../../../local/apigateway/index.ts';
import { startGateway, webSocketResources } from './gateway.ts';
import { connectClient } from './ws-client.ts';
import { createWebSocketFunctions } from './ws-functions.ts';

const fake = createWebSocketFunctions();
let gateway: ApiGateway | undefined;

afterEach(async () => {
  await gateway?.service.stop();
  gateway = undefined;
});

describe('WebSocket limits', () => {
  it('closes an idle connection with 1001 and reports it to $disconnect', async () => {
    // Prepare
    gateway = await startGateway(fake, webSocketResources(), { limits: { idleTimeoutMs: 150 } });
    const client = await connectClient(gateway.webSocketUrl ?? '', fake);
    const disconnected = fake.nextEventOf('ws-disconnect');

    // Act
    const closed = await client.closed;
    const event = await disconnected;

    // Assess
    expect(closed).toEqual({ code: 1001, reason: 'Going away' });
    expect(event.requestContext).toMatchObject({
      connectionId: client.connectionId,
      disconnectStatusCode: 1001,
    });
  });

  it('keeps a connection whose client keeps sending, until its duration runs out', async () => {
    // Prepare
    gateway = await startGateway(fake, webSocketResources(), {
      limits: { idleTimeoutMs: 500, connectionDurationMs: 1_200 },
    });
    const client = await connectClient(gateway.webSocketUrl ?? '', fake);
    const keepAlive = setInterval(() => client.socket.send('{"action":"silent"}'), 100);

    // Act
    const closed = await client.closed.finally(() => clearInterval(keepAlive));
    const lived = Date.now() - client.connectEvent.requestContext.connectedAt;

    // Assess: it outlived several idle timeouts, and closed for its duration.
    expect(closed.code).toBe(1001);
    expect(lived).toBeGreaterThanOrEqual(1_200);
  });

  it('closes with 1009 a connection that sends a message larger than 128 KB', async () => {
    // Prepare
    gateway = await startGateway(fake, webSocketResources());
    const client = await connectClient(gateway.webSocketUrl ?? '', fake);
    const calls = fake.eventsOf('ws-default').length;

    // Act
    client.socket.send(Buffer.alloc(128 * 1024 + 1, 'x'));
    const closed = await client.closed;

    // Assess
    expect(closed.code).toBe(1009);
    expect(fake.eventsOf('ws-default')).toHaveLength(calls);
  });

  it('closes open connections with 1001 when it stops, running $disconnect for each', async () => {
    // Prepare
    gateway = await startGateway(fake, webSocketResources());
    const client = await connectClient(gateway.webSocketUrl ?? '', fake);
    const disconnected = fake.nextEventOf('ws-disconnect');

    // Act
    await gateway.service.stop();
    const closed = await client.closed;
    const event = await disconnected;

    // Assess
    expect(closed.code).toBe(1001);
    expect(event.requestContext.connectionId).toBe(client.connectionId);
  });
});
