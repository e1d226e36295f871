import type { EdgeRequest, EdgeResponse, EdgeRoute } from '../contracts.ts';
import { LambdaServiceError } from './errors.ts';
import type { InvocationResult } from './function-runner.ts';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
const MAX_SYNC_REQUEST_BYTES = 6 * 1024 * 1024;
const MAX_ASYNC_REQUEST_BYTES = 1024 * 1024;

interface InvokeRouteOptions {
  /** Runs a function synchronously; rejects with a `LambdaServiceError` for service failures. */
  invoke: (functionId: string, payload: string) => Promise<InvocationResult>;
  /** Queues an asynchronous invocation and returns its request id. */
  invokeAsync: (functionId: string, payload: string) => Promise<string>;
  /** Checks the function exists (for `DryRun`); rejects like `invoke`. */
  check: (functionId: string) => Promise<void>;
}

/** Lambda's REST-JSON error: the type in `x-amzn-ErrorType`, `{ Type, message }` in the body. */
const wireError = (status: number, type: string, message: string): EdgeResponse => ({
  status,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
  body: JSON.stringify({ Type: status >= 500 ? 'Service' : 'User', message }),
});

const parsePayload = (body: Buffer): string => {
  const text = body.toString('utf8');
  if (text.trim() === '') return '{}';
  try {
    JSON.parse(text);
  } catch (error) {
    throw new LambdaServiceError(
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
      400,
    );
  }
  return text;
};

/**
 * Lambda's `Invoke` API (`POST /2015-03-31/functions/{name}/invocations`), so
 * `@aws-sdk/client-lambda` and the AWS CLI invoke local functions: `RequestResponse` answers
 * the result, or a function error with `X-Amz-Function-Error: Unhandled` and the runtime's
 * `{ errorType, errorMessage, trace }` payload; `Event` answers 202 and runs in the background;
 * `DryRun` answers 204.
 *
 * Differs from AWS: `LogType: Tail` returns no log tail (the logs are on the runtime's output).
 */
const createInvokeRoute = (options: InvokeRouteOptions): EdgeRoute => ({
  name: 'lambda',
  matches: (req) => req.method === 'POST' && INVOKE_PATH.test(req.path),
  handle: async (req: EdgeRequest): Promise<EdgeResponse> => {
    const name = INVOKE_PATH.exec(req.path)?.[1] ?? '';
    const qualifier = req.query.get('Qualifier');
    const functionId = qualifier ? `${name}:${qualifier}` : name;
    const type = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
    try {
      if (!['RequestResponse', 'Event', 'DryRun'].includes(type)) {
        throw new LambdaServiceError(
          'InvalidParameterValueException',
          `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
          400,
        );
      }
      const limit = type === 'Event' ? MAX_ASYNC_REQUEST_BYTES : MAX_SYNC_REQUEST_BYTES;
      if (req.body.length > limit) {
        throw new LambdaServiceError(
          'RequestEntityTooLargeException',
          `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
          413,
        );
      }
      const payload = parsePayload(req.body);
      if (type === 'DryRun') {
        await options.check(functionId);
        return { status: 204 };
      }
      if (type === 'Event') {
        const requestId = await options.invokeAsync(functionId, payload);
        return { status: 202, headers: { 'x-amzn-requestid': requestId } };
      }
      const result = await options.invoke(functionId, payload);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-amzn-requestid': result.requestId,
        'x-amz-executed-version': '$LATEST',
      };
      if (result.ok) return { status: 200, headers, body: result.payload };
      return {
        status: 200,
        headers: { ...headers, 'x-amz-function-error': 'Unhandled' },
        body: JSON.stringify(result.error),
      };
    } catch (error) {
      if (error instanceof LambdaServiceError) {
        return wireError(error.status, error.name, error.message);
      }
      return wireError(500, 'ServiceException', (error as Error).message);
    }
  },
});

export { createInvokeRoute };
