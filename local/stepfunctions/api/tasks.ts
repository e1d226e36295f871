import { SfnApiError } from '../errors.ts';
import { isTaskTokenShape } from '../tokens.ts';
import { type Body, required, type SfnContext } from './common.ts';

/** The waiting task a token belongs to, or the error AWS gives for it. */
const waitingToken = (ctx: SfnContext, body: Body): string => {
  const token = required(body, 'taskToken');
  if (token.length > 2048) {
    throw new SfnApiError(
      'ValidationException',
      "1 validation error detected: Value at 'taskToken' failed to satisfy constraint: Member must have length less than or equal to 2048",
    );
  }
  if (!isTaskTokenShape(token))
    throw new SfnApiError('InvalidToken', "Invalid Token: 'Invalid token'");
  const row = ctx.store().getToken(token);
  if (!row)
    throw new SfnApiError(
      'TaskDoesNotExist',
      "Task Does Not Exist: 'Provided task does not exist'",
    );
  if (row.status !== 'WAITING') throw timedOut();
  return token;
};

const timedOut = () =>
  new SfnApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");

/** The outcome is stored before the task is woken, so it survives a restart in between. */
const sendTaskSuccess = (ctx: SfnContext, body: Body) => {
  const token = waitingToken(ctx, body);
  const output = required(body, 'output');
  try {
    JSON.parse(output);
  } catch (error) {
    throw new SfnApiError('InvalidOutput', `Invalid Output: '${(error as Error).message}'`);
  }
  if (!ctx.store().settleToken(token, 'SUCCEEDED', { output })) throw timedOut();
  ctx.engine().deps.tokens.settled(token);
  return {};
};

const sendTaskFailure = (ctx: SfnContext, body: Body) => {
  const token = waitingToken(ctx, body);
  const error = body.error as string | undefined;
  const cause = body.cause as string | undefined;
  if (!ctx.store().settleToken(token, 'FAILED', { error, cause })) throw timedOut();
  ctx.engine().deps.tokens.settled(token);
  return {};
};

const sendTaskHeartbeat = (ctx: SfnContext, body: Body) => {
  const token = waitingToken(ctx, body);
  if (!ctx.store().touchToken(token, ctx.clock.now())) throw timedOut();
  ctx.engine().deps.tokens.heartbeat(token);
  return {};
};

export { sendTaskFailure, sendTaskHeartbeat, sendTaskSuccess };
