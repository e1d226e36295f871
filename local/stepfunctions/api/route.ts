import type { EdgeRequest, EdgeResponse, EdgeRoute } from '../../contracts.ts';
import { SfnApiError } from '../errors.ts';
import type { Body, SfnContext } from './common.ts';
import {
  describeExecution,
  getExecutionHistory,
  listExecutions,
  startExecution,
  stopExecution,
} from './executions.ts';
import { createStateMachine, describeStateMachine, listStateMachines } from './state-machines.ts';
import { sendTaskFailure, sendTaskHeartbeat, sendTaskSuccess } from './tasks.ts';

const PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

type Action = (ctx: SfnContext, body: Body) => unknown;

const ACTIONS: Record<string, Action> = {
  CreateStateMachine: createStateMachine,
  DescribeStateMachine: describeStateMachine,
  ListStateMachines: listStateMachines,
  StartExecution: startExecution,
  DescribeExecution: describeExecution,
  ListExecutions: listExecutions,
  GetExecutionHistory: getExecutionHistory,
  StopExecution: stopExecution,
  SendTaskSuccess: sendTaskSuccess,
  SendTaskFailure: sendTaskFailure,
  SendTaskHeartbeat: sendTaskHeartbeat,
};

const errorResponse = (type: string, message: string, status = 400): EdgeResponse => ({
  status,
  headers: { 'content-type': CONTENT_TYPE, 'x-amzn-errortype': type },
  body: JSON.stringify({ __type: type, message }),
});

/** Step Functions on the edge port: the AWS JSON 1.0 protocol, `x-amz-target: AWSStepFunctions.*`. */
const createSfnRoute = (ctx: SfnContext): EdgeRoute => ({
  name: 'stepfunctions',
  matches: (req: EdgeRequest) => (req.headers['x-amz-target'] ?? '').startsWith(PREFIX),
  async handle(req: EdgeRequest): Promise<EdgeResponse> {
    const operation = (req.headers['x-amz-target'] ?? '').slice(PREFIX.length);
    const action = ACTIONS[operation];
    if (!action) {
      // Differs from AWS: only the operations Baton's local runtime needs are answered.
      return errorResponse(
        'UnknownOperationException',
        `Operation ${operation} is not supported by the local runtime`,
      );
    }
    let body: Body;
    try {
      const text = req.body.toString('utf8');
      body = text.trim() ? (JSON.parse(text) as Body) : {};
    } catch {
      return errorResponse(
        'SerializationException',
        'Start of structure or map found where not expected',
      );
    }
    try {
      const result = await action(ctx, body);
      return {
        status: 200,
        headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': crypto.randomUUID() },
        body: JSON.stringify(result),
      };
    } catch (error) {
      if (error instanceof SfnApiError)
        return errorResponse(error.type, error.message, error.status);
      ctx.logger.error('step functions request failed', {
        operation,
        error: error instanceof Error ? error.stack : String(error),
      });
      return errorResponse(
        'InternalFailure',
        'The request processing has failed because of an unknown error',
        500,
      );
    }
  },
});

export { createSfnRoute };
