import { isUtf8 } from 'node:buffer';
import { WebSocket } from 'ws';
import type { ConnectionFacts } from './ws-events.ts';

/** API Gateway's WebSocket limits, each configurable for local runs and tests. */
interface WebSocketLimits {
  /** How long a connection may last at most; API Gateway closes it after 2 hours. */
  connectionDurationMs: number;
  /** How long a connection may go without a message from its client; 10 minutes on AWS. */
  idleTimeoutMs: number;
  /** The largest message a client may send, and the largest post to a connection: 128 KB. */
  maxMessageBytes: number;
}

const DEFAULT_LIMITS: WebSocketLimits = {
  connectionDurationMs: 2 * 60 * 60 * 1000,
  idleTimeoutMs: 10 * 60 * 1000,
  maxMessageBytes: 128 * 1024,
};

/** API Gateway closes a connection that outlived a limit with 1001 (Going Away). */
const GOING_AWAY = 1001;

interface LiveConnection {
  facts: ConnectionFacts;
  socket: WebSocket;
  lastActiveAt: number;
  /** Set when the gateway closed it: the code and reason `$disconnect` reports. */
  closedBy?: { code: number; reason: string };
  durationTimer?: NodeJS.Timeout;
  idleTimer?: NodeJS.Timeout;
}

/** What the `@connections` API can do to a live connection. */
interface ConnectionManager {
  /** The stages this API serves, for checking the `@connections` path. */
  readonly stages: readonly string[];
  post(connectionId: string, data: Buffer): 'sent' | 'gone' | 'too-large';
  describe(connectionId: string):
    | {
        connectedAt: number;
        lastActiveAt: number;
        sourceIp: string;
        userAgent: string;
        stage: string;
      }
    | undefined;
  disconnect(connectionId: string): boolean;
}

/**
 * The open connections of a WebSocket API, each with its duration and idle timers. A connection
 * the gateway closes leaves the registry at once, so `@connections` answers 410 for it while its
 * close handshake finishes.
 */
const createConnectionRegistry = (limits: WebSocketLimits) => {
  const live = new Map<string, LiveConnection>();

  const send = (conn: LiveConnection, data: Buffer | string, binary = false) => {
    if (conn.socket.readyState === WebSocket.OPEN) conn.socket.send(data, { binary });
  };

  const closeBy = (conn: LiveConnection, code: number, reason: string) => {
    if (conn.closedBy) return;
    conn.closedBy = { code, reason };
    live.delete(conn.facts.connectionId);
    conn.socket.close(code, reason);
  };

  const expireLater = (conn: LiveConnection, ms: number) => {
    const timer = setTimeout(() => closeBy(conn, GOING_AWAY, 'Going away'), ms);
    timer.unref();
    return timer;
  };

  /** A message from the client: the connection is active, and its idle timer starts again. */
  const touch = (conn: LiveConnection) => {
    conn.lastActiveAt = Date.now();
    clearTimeout(conn.idleTimer);
    conn.idleTimer = expireLater(conn, limits.idleTimeoutMs);
  };

  const open = (socket: WebSocket, facts: ConnectionFacts): LiveConnection => {
    const conn: LiveConnection = { facts, socket, lastActiveAt: facts.connectedAt };
    conn.durationTimer = expireLater(conn, limits.connectionDurationMs);
    conn.idleTimer = expireLater(conn, limits.idleTimeoutMs);
    live.set(facts.connectionId, conn);
    return conn;
  };

  const forget = (conn: LiveConnection) => {
    clearTimeout(conn.durationTimer);
    clearTimeout(conn.idleTimer);
    live.delete(conn.facts.connectionId);
  };

  const manager = (stages: readonly string[]): ConnectionManager => ({
    stages,
    post: (connectionId, data) => {
      const conn = live.get(connectionId);
      if (!conn || conn.socket.readyState !== WebSocket.OPEN) return 'gone';
      if (data.length > limits.maxMessageBytes) return 'too-large';
      conn.lastActiveAt = Date.now();
      // Differs from AWS (unverified): text frames for UTF-8 data, binary frames otherwise.
      const text = isUtf8(data);
      send(conn, text ? data.toString('utf8') : data, !text);
      return 'sent';
    },
    describe: (connectionId) => {
      const conn = live.get(connectionId);
      if (!conn) return undefined;
      const { connectedAt, sourceIp, userAgent, stage } = conn.facts;
      return { connectedAt, lastActiveAt: conn.lastActiveAt, sourceIp, userAgent, stage };
    },
    disconnect: (connectionId) => {
      const conn = live.get(connectionId);
      if (!conn) return false;
      closeBy(conn, 1000, '');
      return true;
    },
  });

  return { open, touch, forget, send, closeBy, all: () => [...live.values()], manager };
};

export type { ConnectionManager, LiveConnection, WebSocketLimits };
export { createConnectionRegistry, DEFAULT_LIMITS, GOING_AWAY };
