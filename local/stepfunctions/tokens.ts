import { randomBytes } from 'node:crypto';

/**
 * Task tokens: opaque and unguessable (256 random bits), well under the 2,048 characters AWS
 * allows. The waiters let `SendTaskSuccess`, `SendTaskFailure` and `SendTaskHeartbeat` wake the
 * task that waits on a token; the token's outcome itself is in the store first, so a restart
 * between the two loses nothing.
 */

const PREFIX = 'AQB';
const SHAPE = /^AQB[A-Za-z0-9_-]{80,2045}$/;

const generateTaskToken = () => `${PREFIX}${randomBytes(96).toString('base64url')}`;

const isTaskTokenShape = (token: string) => SHAPE.test(token);

interface TokenWaiter {
  /** The token's row changed (settled): look at it again. */
  settled(): void;
  /** A heartbeat arrived: measure the heartbeat timeout from now. */
  heartbeat(): void;
}

class TokenWaiters {
  private readonly waiters = new Map<string, TokenWaiter>();

  register(token: string, waiter: TokenWaiter): () => void {
    this.waiters.set(token, waiter);
    return () => {
      if (this.waiters.get(token) === waiter) this.waiters.delete(token);
    };
  }

  settled(token: string) {
    this.waiters.get(token)?.settled();
  }

  heartbeat(token: string) {
    this.waiters.get(token)?.heartbeat();
  }
}

export type { TokenWaiter };
export { generateTaskToken, isTaskTokenShape, TokenWaiters };
