import { LambdaServiceError } from './errors.ts';
import type { Sandbox } from './sandbox.ts';

/** How Lambda started an environment, as `AWS_LAMBDA_INITIALIZATION_TYPE` tells the function. */
type Initialization = 'on-demand' | 'provisioned-concurrency';

interface Lease {
  sandbox: Sandbox;
  /** Whether this invocation starts a fresh environment (imports the module: a cold start). */
  cold: boolean;
}

/**
 * The execution environments of one function, at most `limit` of them. Warm environments are
 * reused, the most recently used first, as Lambda does; when all `limit` are busy, invocations
 * wait their turn.
 *
 * Differs from AWS: a synchronous invocation beyond the concurrency limit waits for a free
 * environment instead of failing with `TooManyRequestsException`; idle environments are kept
 * until the runtime stops instead of being reclaimed after some minutes.
 */
class WorkerPool {
  private readonly idle: Sandbox[] = [];
  private readonly waiting: Array<{ resolve: (lease: Lease) => void; reject: (e: Error) => void }> =
    [];
  private readonly all = new Set<Sandbox>();
  private stopped = false;
  private readonly spawn: (initialization: Initialization) => Sandbox;
  private readonly limit: number;

  constructor(spawn: (initialization: Initialization) => Sandbox, limit: number) {
    this.spawn = spawn;
    this.limit = limit;
  }

  acquire(): Promise<Lease> {
    if (this.stopped) return Promise.reject(stoppedError());
    let warm = this.idle.pop();
    while (warm && !warm.alive) {
      this.all.delete(warm);
      warm = this.idle.pop();
    }
    if (warm) return Promise.resolve({ sandbox: warm, cold: false });
    if (this.all.size < this.limit) return Promise.resolve({ sandbox: this.create(), cold: true });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Gives an environment back after an invocation; a dead one is replaced for whoever waits. */
  release(sandbox: Sandbox) {
    if (!sandbox.alive || this.stopped) {
      this.all.delete(sandbox);
      if (sandbox.alive) sandbox.terminate();
      const next = this.waiting.shift();
      if (next && !this.stopped) next.resolve({ sandbox: this.create(), cold: true });
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve({ sandbox, cold: false });
    else this.idle.push(sandbox);
  }

  /**
   * Starts one environment ahead of any invocation and keeps it warm, as provisioned concurrency
   * would; does nothing when the pool already has one. Resolves whether or not the init worked
   * (an init that fails is left for the first invocation to report).
   */
  async prewarm(): Promise<void> {
    if (this.stopped || this.all.size > 0) return;
    const sandbox = this.create('provisioned-concurrency');
    const init = await sandbox.ready;
    if (!init.ok || !sandbox.alive) {
      this.all.delete(sandbox);
      if (sandbox.alive) sandbox.terminate();
      return;
    }
    this.release(sandbox);
  }

  /** Terminates every environment and fails the invocations still waiting for one. */
  stop() {
    this.stopped = true;
    for (const sandbox of this.all) sandbox.terminate();
    this.all.clear();
    this.idle.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter.reject(stoppedError());
  }

  private create(initialization: Initialization = 'on-demand'): Sandbox {
    const sandbox = this.spawn(initialization);
    this.all.add(sandbox);
    return sandbox;
  }
}

const stoppedError = () =>
  new LambdaServiceError('ServiceException', 'The local Lambda service is stopped', 500);

export type { Lease };
export { type Initialization, WorkerPool };
