import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { DeadLetter } from '../contracts.ts';

/** A dead letter could not be sent again; the entry stays in the store. */
class ReplayError extends Error {
  override readonly name = 'ReplayError';
  readonly code = 'REPLAY';
}

interface ReplayOptions {
  /** The running edge, `http://127.0.0.1:4566` by default. */
  endpoint: string;
  region: string;
  /** The bus an EventBridge rule is on, by the rule's name or ARN. */
  busOfRule: (rule: string) => string | undefined;
}

/** One attempt: a runtime that does not answer is reported at once, not retried. */
const clientConfig = (options: ReplayOptions) => ({
  endpoint: options.endpoint,
  region: options.region,
  maxAttempts: 1,
  credentials: { accessKeyId: 'baton', secretAccessKey: 'baton' },
});

type EventShape = Record<string, unknown>;

/** The PutEvents entry that sends an event again: as delivered, or as it was put. */
const putEventsEntry = (payload: EventShape, bus: string) => {
  if (typeof payload.DetailType === 'string') return { ...payload, EventBusName: bus };
  if (typeof payload['detail-type'] !== 'string' || typeof payload.source !== 'string') {
    throw new ReplayError('the dead letter holds no EventBridge event (no source and detail-type)');
  }
  return {
    Source: payload.source,
    DetailType: payload['detail-type'],
    Detail: JSON.stringify(payload.detail ?? {}),
    ...(Array.isArray(payload.resources) ? { Resources: payload.resources as string[] } : {}),
    ...(typeof payload.time === 'string' ? { Time: new Date(payload.time) } : {}),
    EventBusName: bus,
  };
};

const replayEvent = async (letter: DeadLetter, options: ReplayOptions): Promise<string> => {
  const rule = letter.source.slice('eventbridge:'.length);
  const bus = options.busOfRule(rule);
  if (!bus) {
    throw new ReplayError(`cannot tell which event bus rule ${rule} is on: pass --bus NAME`);
  }
  const events = new EventBridgeClient(clientConfig(options));
  try {
    const result = await events.send(
      new PutEventsCommand({ Entries: [putEventsEntry(letter.payload as EventShape, bus)] }),
    );
    const failed = result.Entries?.[0];
    if (result.FailedEntryCount || failed?.ErrorCode) {
      throw new ReplayError(
        `PutEvents refused the event: ${failed?.ErrorCode} ${failed?.ErrorMessage}`,
      );
    }
    return `put again on bus ${bus} as event ${failed?.EventId}`;
  } finally {
    events.destroy();
  }
};

const replayInvoke = async (letter: DeadLetter, options: ReplayOptions): Promise<string> => {
  const prefix = letter.source.slice(0, letter.source.indexOf(':'));
  const fn =
    letter.target ?? (prefix === 'lambda-async' ? letter.source.slice(prefix.length + 1) : '');
  if (!fn) throw new ReplayError(`the dead letter from ${letter.source} names no function`);
  const lambda = new LambdaClient(clientConfig(options));
  try {
    const result = await lambda.send(
      new InvokeCommand({
        FunctionName: fn,
        InvocationType: 'RequestResponse',
        Payload: Buffer.from(JSON.stringify(letter.payload)),
      }),
    );
    if (result.FunctionError) {
      const text = Buffer.from(result.Payload ?? []).toString('utf8');
      throw new ReplayError(`${fn} failed again (${result.FunctionError}): ${text}`);
    }
    return `invoked ${fn} again`;
  } finally {
    lambda.destroy();
  }
};

/**
 * Sends a dead letter again to where it was going, through the running edge: an EventBridge
 * event is put on its rule's bus again (so every rule on the bus sees it, as a replay from an
 * archive would); a failed asynchronous invocation, stream batch or schedule invokes its
 * function again, synchronously, so a second failure is reported here. Resolves to what was
 * done; rejects with a `ReplayError` (or the SDK's error) when it did not work.
 */
const replayDeadLetter = (letter: DeadLetter, options: ReplayOptions): Promise<string> => {
  const prefix = letter.source.slice(0, letter.source.indexOf(':'));
  if (prefix === 'eventbridge') return replayEvent(letter, options);
  if (['lambda-async', 'stream', 'scheduler'].includes(prefix))
    return replayInvoke(letter, options);
  return Promise.reject(
    new ReplayError(`replay does not know how to send again what failed in ${letter.source}`),
  );
};

export type { ReplayOptions };
export { ReplayError, replayDeadLetter };
