/**
 * A failure of the Lambda service itself rather than of the function (unknown function, request
 * too large, service stopped): named after Lambda's API exception, with its HTTP status, so the
 * invoke route answers it on the wire as Lambda does. It is deliberately not a
 * `LambdaInvocationError`, which is reserved for errors the function raised.
 */
class LambdaServiceError extends Error {
  override readonly name: string;
  readonly status: number;
  constructor(name: string, message: string, status: number) {
    super(message);
    this.name = name;
    this.status = status;
  }
}

/** How an invocation failed, as the Lambda runtime reports it in the response payload. */
interface FunctionErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

const functionNotFound = (arn: string) =>
  new LambdaServiceError('ResourceNotFoundException', `Function not found: ${arn}`, 404);

/** Lambda reports a timeout with this error type and message; Step Functions matches on it. */
const timedOut = (requestId: string, seconds: number): FunctionErrorPayload => ({
  errorType: 'Sandbox.Timedout',
  errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds.toFixed(2)} seconds`,
});

const runtimeExited = (requestId: string, code: number): FunctionErrorPayload => ({
  errorType: 'Runtime.ExitError',
  errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status ${code}`,
});

/** What Lambda reports when a function runs out of its memory. */
const outOfMemory = (requestId: string): FunctionErrorPayload => ({
  errorType: 'Runtime.OutOfMemory',
  errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`,
});

export type { FunctionErrorPayload };
export { functionNotFound, LambdaServiceError, outOfMemory, runtimeExited, timedOut };
