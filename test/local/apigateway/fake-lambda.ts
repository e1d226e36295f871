import { LambdaInvocationError, type LambdaInvoker } from '../../../local/contracts.ts';

/** An event as the gateway built it: tests read its fields freely and assert on them. */
// biome-ignore lint/suspicious/noExplicitAny: the events are the subject of the assertions
type GatewayEvent = any;

type Handler = (event: GatewayEvent) => unknown;

interface Invocation {
  functionName: string;
  event: GatewayEvent;
}

/** `arn:aws:lambda:<region>:<account>:function:baton-dev-ws-connect` → `ws-connect`. */
const shortName = (functionId: string) =>
  (functionId.split(':').pop() ?? functionId).replace(/^baton-dev-/, '');

/**
 * A stand-in for the Lambda runner (built by another engineer, not a dependency of the gateway):
 * it answers for the functions it is given, by short name, records every invocation and raises
 * a handler's error as a {@link LambdaInvocationError} named after it, as the runner does.
 */
const createFakeLambda = (handlers: Record<string, Handler>) => {
  const invocations: Invocation[] = [];
  const waiters: { name: string; resolve: (event: GatewayEvent) => void }[] = [];
  const lambda: LambdaInvoker = {
    has: (functionId) => shortName(functionId) in handlers,
    invoke: async (functionId, payload) => {
      const functionName = shortName(functionId);
      const handler = handlers[functionName];
      if (!handler) throw new LambdaInvocationError('ResourceNotFoundException', functionId);
      const event = structuredClone(payload);
      invocations.push({ functionName, event });
      for (const w of waiters.filter((w) => w.name === functionName)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(event);
      }
      try {
        return structuredClone(await handler(event));
      } catch (error) {
        const e = error as Error;
        throw new LambdaInvocationError(e.name, e.message);
      }
    },
  };
  return {
    lambda,
    /** The events a function received, in order. */
    eventsOf: (name: string) =>
      invocations.filter((i) => i.functionName === name).map((i) => i.event),
    /** The next event the function receives from now on. */
    nextEventOf: (name: string) =>
      new Promise<GatewayEvent>((resolve) => waiters.push({ name, resolve })),
  };
};

type FakeLambda = ReturnType<typeof createFakeLambda>;

export type { FakeLambda, GatewayEvent };
export { createFakeLambda };
