/**
 * An error EventBridge answers on the wire: its type goes in `__type` and the
 * `x-amzn-errortype` header, which is what the SDK raises.
 */
class AwsError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

const validationError = (message: string) => new AwsError('ValidationException', message);
const notFoundError = (message: string) => new AwsError('ResourceNotFoundException', message);

/** A template resource the local bus cannot run, named so the operator can find it. */
class EventBridgeDeployError extends Error {
  override readonly name = 'EventBridgeDeployError';
}

export { AwsError, EventBridgeDeployError, notFoundError, validationError };
