import { randomUUID } from 'node:crypto';
import type { LambdaInvoker, LocalLogger } from '../../contracts.ts';
import { StatesError } from '../errors.ts';
import type { Json } from '../types.ts';

/** Lambda's service exceptions that Step Functions reports as `Lambda.<name>`. */
const SERVICE_EXCEPTIONS = new Set([
  'ServiceException',
  'TooManyRequestsException',
  'ResourceNotFoundException',
  'ResourceConflictException',
  'AWSLambdaException',
  'SdkClientException',
  'InvalidRequestContentException',
  'RequestTooLargeException',
]);

const toJson = (value: unknown): Json =>
  value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json);

const functionError = (error: { errorType: string; message: string; stack?: string }) =>
  new StatesError(
    error.errorType,
    JSON.stringify({
      errorType: error.errorType,
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n').filter(Boolean),
    }),
  );

/** Invokes a function; its error surfaces named after the handler's error, Lambda's as `Lambda.*`. */
const invokeFunction = async (
  lambda: LambdaInvoker,
  functionId: string,
  payload: Json,
): Promise<Json> => {
  const requestId = randomUUID();
  if (!lambda.has(functionId)) {
    throw new StatesError(
      'Lambda.ResourceNotFoundException',
      `Function not found: ${functionId} (Service: Lambda, Status Code: 404, Request ID: ${requestId})`,
    );
  }
  try {
    return toJson(await lambda.invoke(functionId, payload));
  } catch (error) {
    const errorType = (error as { errorType?: unknown }).errorType;
    if (typeof errorType === 'string') {
      throw functionError(error as Error & { errorType: string });
    }
    const name = error instanceof Error ? error.name : 'ServiceException';
    const message = error instanceof Error ? error.message : String(error);
    const lambdaName = SERVICE_EXCEPTIONS.has(name) ? name : 'ServiceException';
    throw new StatesError(
      `Lambda.${lambdaName}`,
      `${message} (Service: Lambda, Status Code: 500, Request ID: ${requestId})`,
    );
  }
};

/** The response of Lambda's Invoke API as the optimised integration returns it. */
const invokeResponse = (payload: Json, statusCode: number): Json => {
  const requestId = randomUUID();
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-RequestId': requestId,
    Date: new Date().toUTCString(),
  };
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: statusCode,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: statusCode,
  };
};

/**
 * `arn:aws:states:::lambda:invoke`: calls the function named by `FunctionName` with `Payload`,
 * returning Lambda's Invoke response. `InvocationType: Event` does not wait for the function.
 * Differs from AWS: `Qualifier` and `ClientContext` are ignored (functions run unversioned).
 */
const invokeIntegration = async (
  lambda: LambdaInvoker,
  logger: LocalLogger,
  parameters: Json,
): Promise<Json> => {
  const args = (parameters ?? {}) as Record<string, Json>;
  const functionName = args.FunctionName;
  if (typeof functionName !== 'string') {
    throw new StatesError(
      'States.Runtime',
      "The field 'FunctionName' is required by lambda:invoke",
    );
  }
  const payload = args.Payload === undefined ? {} : args.Payload;
  if (args.InvocationType === 'Event') {
    invokeFunction(lambda, functionName, payload).catch((error: Error) =>
      logger.warn('asynchronous lambda invocation failed', { functionName, error: error.name }),
    );
    return invokeResponse('', 202);
  }
  return invokeResponse(await invokeFunction(lambda, functionName, payload), 200);
};

export { invokeFunction, invokeIntegration };
