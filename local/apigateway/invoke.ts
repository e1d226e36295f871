import type { LambdaInvoker } from '../contracts.ts';

type InvokeOutcome =
  | { ok: true; result: unknown }
  | { ok: false; timedOut: boolean; errorType: string; message: string };

/**
 * Calls a function and gives up after the integration's timeout, as API Gateway does (the
 * function may still be running: API Gateway does not stop it either).
 */
const invokeWithin = async (
  lambda: LambdaInvoker,
  functionId: string,
  event: unknown,
  timeoutMs: number,
): Promise<InvokeOutcome> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<InvokeOutcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, timedOut: true, errorType: 'Timeout', message: 'timed out' }),
      timeoutMs,
    );
    timer.unref();
  });
  const call = lambda.invoke(functionId, event).then(
    (result): InvokeOutcome => ({ ok: true, result }),
    (error: unknown): InvokeOutcome => ({
      ok: false,
      timedOut: false,
      errorType: error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
    }),
  );
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

export type { InvokeOutcome };
export { invokeWithin };
