/**
 * The Task resources the local runtime runs: Lambda's optimised integration (`lambda:invoke`, and
 * its `.waitForTaskToken` callback form) and a Lambda function ARN given as the resource.
 */
type TaskResource =
  | { kind: 'lambda-invoke'; callback: boolean; resource: 'invoke' | 'invoke.waitForTaskToken' }
  | { kind: 'lambda-function'; arn: string };

const LAMBDA_FUNCTION =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/;

const parseTaskResource = (resource: unknown): TaskResource | undefined => {
  if (typeof resource !== 'string') return undefined;
  if (resource === 'arn:aws:states:::lambda:invoke') {
    return { kind: 'lambda-invoke', callback: false, resource: 'invoke' };
  }
  if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
    return { kind: 'lambda-invoke', callback: true, resource: 'invoke.waitForTaskToken' };
  }
  if (LAMBDA_FUNCTION.test(resource)) return { kind: 'lambda-function', arn: resource };
  return undefined;
};

export type { TaskResource };
export { parseTaskResource };
