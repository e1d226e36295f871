import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** API Gateway's limit on one message. */
const MAX_MESSAGE_BYTES = 128 * 1_024;

interface PostedMessage {
  connectionId: string;
  data: string;
}

/** An error answer in API Gateway's wire shape: the SDK reads the type from the header. */
const fail = (res: ServerResponse, status: number, type: string, message: string) => {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ message }));
};

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * A local stand-in for a WebSocket stage's `@connections` API (API Gateway cannot run here):
 * POST, GET and DELETE `/<stage>/@connections/<id>` on 127.0.0.1 and a free port, with the
 * status codes, error-type header and bodies of the real one, so the real SDK client raises the
 * real exceptions. Connection ids arrive URL-encoded (they hold `=`, `+` and `/`).
 *
 * Where it differs from AWS: it does not check request signatures, and a connection exists only
 * because a test said so with `open`.
 */
const startConnectionsServer = async (stage = 'dev') => {
  const open = new Map<string, { connectedAt: string; lastActiveAt: string }>();
  const failing = new Map<string, { status: number; type: string }>();
  const posted: PostedMessage[] = [];
  const route = new RegExp(`^/${stage}/@connections/([^/?]+)$`);

  const server = createServer(async (req, res) => {
    const match = route.exec(req.url ?? '');
    if (!match?.[1]) return fail(res, 404, 'NotFoundException', 'Not Found');
    const connectionId = decodeURIComponent(match[1]);
    const body = await readBody(req);
    const connection = open.get(connectionId);
    if (!connection) return fail(res, 410, 'GoneException', 'Gone');
    const failure = failing.get(connectionId);
    if (failure) return fail(res, failure.status, failure.type, failure.type);
    switch (req.method) {
      case 'POST': {
        if (body.length > MAX_MESSAGE_BYTES) {
          return fail(res, 413, 'PayloadTooLargeException', 'Message too long');
        }
        posted.push({ connectionId, data: body.toString('utf8') });
        connection.lastActiveAt = new Date().toISOString();
        res.writeHead(200).end();
        return;
      }
      case 'GET': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ...connection,
            identity: { sourceIp: '127.0.0.1', userAgent: 'baton-test' },
          }),
        );
        return;
      }
      case 'DELETE':
        open.delete(connectionId);
        res.writeHead(204).end();
        return;
      default:
        return fail(res, 405, 'BadRequestException', `${req.method} is not supported`);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    /** The stage's callback URL, as `WEBSOCKET_CALLBACK_URL` holds it. */
    endpoint: `http://127.0.0.1:${port}/${stage}`,
    /** A client connects: posts to it succeed from now on. */
    open: (connectionId: string) => {
      const now = new Date().toISOString();
      open.set(connectionId, { connectedAt: now, lastActiveAt: now });
    },
    /** Posts to this connection fail with the given status and error type. */
    failWith: (connectionId: string, status: number, type: string) => {
      failing.set(connectionId, { status, type });
    },
    /** The messages posted to a connection, parsed. */
    messagesTo: (connectionId: string) =>
      posted.filter((m) => m.connectionId === connectionId).map((m) => JSON.parse(m.data)),
    posted,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
};

type ConnectionsServer = Awaited<ReturnType<typeof startConnectionsServer>>;

export type { ConnectionsServer, PostedMessage };
export { startConnectionsServer };
