/**
 * The contracts between the local runtime's parts. Each emulated service lives in its own folder
 * under `local/` and is started, in order, by `local/start.ts`; they meet only through these
 * types, so each can be built and tested alone.
 */

/** A resource of the synthesized stack template, its properties with intrinsics resolved. */
interface TemplateResource {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  /** The value `Ref` gives for this resource locally (a name, an ARN or an id). */
  ref: string;
  /** The values `Fn::GetAtt` gives, by attribute name (`Arn`, `StreamArn`, ...). */
  attributes: Record<string, string>;
}

/** Every emulated service: started in order, stopped in reverse. */
interface LocalService {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** An AWS wire-protocol request as the edge port received it. */
interface EdgeRequest {
  method: string;
  /** The path, decoded, without the query string. */
  path: string;
  /** The path exactly as sent (percent-encoding kept), for services that need it. */
  rawPath: string;
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

interface EdgeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * A service that answers some requests on the edge port. JSON-protocol services match on the
 * `x-amz-target` header prefix (`AWSEvents.`, `AWSStepFunctions.`, `DynamoDB_20120810.`,
 * `DynamoDBStreams_20120810.`); S3 on the path (`/<bucket>/...`); `@connections` on its path.
 * Errors use AWS's wire shape: JSON `{ "__type": "...", "message": "..." }` with the
 * `x-amzn-errortype` header, or S3's XML `<Error><Code>..</Code><Message>..</Message></Error>`.
 */
interface EdgeRoute {
  readonly name: string;
  matches(req: EdgeRequest): boolean;
  handle(req: EdgeRequest): Promise<EdgeResponse>;
}

/** A Lambda function's failure, keeping the error's `name` so Retry and Catch match on it. */
class LambdaInvocationError extends Error {
  override readonly name: string;
  readonly errorType: string;
  constructor(errorType: string, message: string) {
    super(message);
    this.name = errorType;
    this.errorType = errorType;
  }
}

/** Runs the local Lambda functions. */
interface LambdaInvoker {
  /**
   * Invokes a function by its ARN, name or logical id and returns its result; a function error
   * rejects with a {@link LambdaInvocationError} named after the error the handler threw.
   */
  invoke(functionId: string, payload: unknown): Promise<unknown>;
  /** Whether a function with that ARN, name or logical id exists. */
  has(functionId: string): boolean;
}

/** What arrived somewhere and could not be delivered or processed, kept for an operator. */
interface DeadLetter {
  id: string;
  /** Where it failed: `eventbridge:<rule>`, `stream:<mapping>`, `lambda-async:<function>`, ... */
  source: string;
  /** Where it was going, if anywhere (a function, a state machine). */
  target?: string;
  reason: string;
  errorType?: string;
  attempts: number;
  payload: unknown;
  at: string;
}

/** The dead-letter store an operator lists, inspects and replays (`npm run dlq`). */
interface DeadLetterStore {
  put(entry: Omit<DeadLetter, 'id' | 'at'>): Promise<DeadLetter>;
  list(): Promise<DeadLetter[]>;
  get(id: string): Promise<DeadLetter | undefined>;
  remove(id: string): Promise<void>;
}

/** One JSON log line per call, with the service name and a correlation id where known. */
interface LocalLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(service: string): LocalLogger;
}

/** Where the local runtime keeps its state, and the account and region it pretends to be. */
interface LocalSettings {
  dataDir: string;
  inMemory: boolean;
  region: string;
  accountId: string;
  edgePort: number;
}

export type {
  DeadLetter,
  DeadLetterStore,
  EdgeRequest,
  EdgeResponse,
  EdgeRoute,
  LambdaInvoker,
  LocalLogger,
  LocalService,
  LocalSettings,
  TemplateResource,
};
export { LambdaInvocationError };
