import { once } from 'node:events';
import WebSocket from 'ws';
import type { FakeLambda, GatewayEvent } from './fake-lambda.ts';

/** A client connection, with every message it receives kept in order. */
interface Client {
  socket: WebSocket;
  connectionId: string;
  connectEvent: GatewayEvent;
  /** The next message not yet taken, waiting for it if need be. */
  next(): Promise<string>;
  /** Resolves with the close code and reason once the server closes the connection. */
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a connection that the gateway accepts, learning its id from the `$connect` event. */
const connectClient = async (url: string, fake: FakeLambda, query = '?token=good') => {
  const connected = fake.nextEventOf('ws-connect');
  const socket = new WebSocket(`${url}${query}`);
  const received: string[] = [];
  const waiting: ((message: string) => void)[] = [];
  socket.on('message', (data) => {
    const message = data.toString();
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else received.push(message);
  });
  const closed = once(socket, 'close').then(([code, reason]) => ({
    code: code as number,
    reason: String(reason),
  }));
  await once(socket, 'open');
  const connectEvent = await connected;
  const client: Client = {
    socket,
    connectionId: connectEvent.requestContext.connectionId,
    connectEvent,
    next: () => {
      const message = received.shift();
      return message !== undefined
        ? Promise.resolve(message)
        : new Promise((resolve) => waiting.push(resolve));
    },
    closed,
  };
  return client;
};

/** Tries to connect and gives the HTTP status the handshake was refused with. */
const refusedStatus = (url: string, query: string) =>
  new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(`${url}${query}`);
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      socket.terminate();
    });
    socket.on('open', () => {
      socket.close();
      reject(new Error('the gateway accepted the connection'));
    });
    socket.on('error', () => {});
  });

export type { Client };
export { connectClient, refusedStatus };
