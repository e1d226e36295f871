import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext, useLocalAws } from '../support/lambda.ts';
import { wsEvent } from '../support/ws-events.ts';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
let handler: Handler;

beforeAll(async () => {
  useLocalAws('unused');
  ({ handler } = (await import('../../functions/ws-default.ts')) as unknown as {
    handler: Handler;
  });
});

const UNKNOWN_ACTION = {
  type: 'error',
  code: 'UNKNOWN_ACTION',
  message:
    'Baton does not know that message; send {"action":"subscribe","teams":["<team id>", ...]}.',
};

describe('ws-default', () => {
  it('answers an action Baton has no route for with UNKNOWN_ACTION and how to subscribe', async () => {
    const result = await handler(wsEvent('default'), lambdaContext('ws-default'));

    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual(UNKNOWN_ACTION);
  });

  it('answers a message that is not JSON the same way', async () => {
    const result = await handler(wsEvent('default', { body: 'hello?' }), lambdaContext());

    expect(JSON.parse(result.body)).toEqual(UNKNOWN_ACTION);
  });
});
