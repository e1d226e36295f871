import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiGateway, createApiGateway } from '../../../local/apigateway/index.ts';
import { startEdge } from './edge-server.ts';
import { quietLogger, settings, startGateway, webSocketResources } from './gateway.ts';
import { connectClient } from './ws-client.ts';
import { createWebSocketFunctions } from './ws-functions.ts';

const fake = createWebSocketFunctions();
let edge: Awaited<ReturnType<typeof startEdge>>;
let gateway: ApiGateway;
let management: ApiGatewayManagementApiClient;

const clientFor = (endpoint: string) =>
  new ApiGatewayManagementApiClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

beforeAll(async () => {
  edge = await startEdge([]);
  gateway = await startGateway(fake, webSocketResources(), { edgePort: edge.port });
  edge.addRoute(gateway.route);
  management = clientFor(gateway.callbackUrl ?? '');
});
afterAll(async () => {
  management.destroy();
  await gateway.service.stop();
  await edge.stop();
});

describe('the @connections management API', () => {
  it('names the stage on the edge as its callback URL', () => {
    // Assess
    expect(gateway.callbackUrl).toBe(`http://127.0.0.1:${edge.port}/dev`);
  });

  it('builds its callback URL on the edge URL it is given', () => {
    // Prepare
    const onEdge = createApiGateway({
      settings: settings(0),
      logger: quietLogger(),
      lambda: fake.lambda,
      resources: webSocketResources(),
      edgeUrl: 'http://127.0.0.1:45123/',
    });

    // Assess
    expect(onEdge.callbackUrl).toBe('http://127.0.0.1:45123/dev');
  });

  it('posts to a connection, which receives the data as a message', async () => {
    // Prepare
    const client = await connectClient(gateway.webSocketUrl ?? '', fake);

    // Act
    await management.send(
      new PostToConnectionCommand({
        ConnectionId: client.connectionId,
        Data: JSON.stringify({ type: 'case-changed', seq: 2 }),
      }),
    );

    // Assess
    expect(JSON.parse(await client.next())).toEqual({ type: 'case-changed', seq: 2 });
    client.socket.close();
    await client.closed;
  });

  it('describes a connection: when it connected, who holds it and when it was last active', async () => {
    // Prepare
    const client = await connectClient(gateway.webSocketUrl ?? '', fake);

    // Act
    const described = await management.send(
      new GetConnectionCommand({ ConnectionId: client.connectionId }),
    );

    // Assess
    expect(described.ConnectedAt?.getTime()).toBe(client.connectEvent.requestContext.connectedAt);
    expect(described.LastActiveAt).toBeInstanceOf(Date);
    expect(described.Identity).toEqual({
      SourceIp: '127.0.0.1',
      UserAgent: client.connectEvent.requestContext.identity.userAgent,
    });
    client.socket.close();
    await client.closed;
  });

  it('closes a connection it deletes, and $disconnect runs', async () => {
    // Prepare
    const client = await connectClient(gateway.webSocketUrl ?? '', fake);
    const disconnected = fake.nextEventOf('ws-disconnect');

    // Act
    await management.send(new DeleteConnectionCommand({ ConnectionId: client.connectionId }));
    const closed = await client.closed;
    const event = await disconnected;

    // Assess
    expect(closed.code).toBe(1000);
    expect(event.requestContext.connectionId).toBe(client.connectionId);
  });

  it('answers GoneException for a connection that has closed, and for one never seen', async () => {
    // Prepare
    const client = await connectClient(gateway.webSocketUrl ?? '', fake);
    const disconnected = fake.nextEventOf('ws-disconnect');
    client.socket.close();
    await client.closed;
    await disconnected;

    // Act
    const [post, get] = await Promise.allSettled([
      management.send(
        new PostToConnectionCommand({ ConnectionId: client.connectionId, Data: 'late' }),
      ),
      management.send(new GetConnectionCommand({ ConnectionId: 'L0SM9cOFvHcCIhw=' })),
    ]);

    // Assess
    expect(post).toMatchObject({ status: 'rejected', reason: expect.any(GoneException) });
    expect(get).toMatchObject({
      status: 'rejected',
      reason: { name: 'GoneException', $metadata: { httpStatusCode: 410 } },
    });
  });

  it('refuses a post larger than 128 KB with PayloadTooLargeException', async () => {
    // Prepare
    const client = await connectClient(gateway.webSocketUrl ?? '', fake);

    // Act
    const post = management.send(
      new PostToConnectionCommand({
        ConnectionId: client.connectionId,
        Data: Buffer.alloc(128 * 1024 + 1, 'x'),
      }),
    );

    // Assess
    await expect(post).rejects.toBeInstanceOf(PayloadTooLargeException);
    client.socket.close();
    await client.closed;
  });

  it('answers on /@connections/<id> too, for an endpoint without the stage', async () => {
    // Prepare
    const client = await connectClient(gateway.webSocketUrl ?? '', fake);
    const unstaged = clientFor(edge.endpoint);

    // Act
    await unstaged.send(
      new PostToConnectionCommand({ ConnectionId: client.connectionId, Data: 'plain' }),
    );

    // Assess
    expect(await client.next()).toBe('plain');
    unstaged.destroy();
    client.socket.close();
    await client.closed;
  });
});
