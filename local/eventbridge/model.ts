/** An event as EventBridge delivers it to targets: AWS's envelope around the parsed detail. */
interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
  /** Set on events a replay delivers, as on AWS. */
  'replay-name'?: string;
}

interface RetryPolicy {
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
}

interface InputTransformer {
  pathsMap: Record<string, string>;
  template: string;
}

interface RuleTarget {
  id: string;
  /** A Lambda function ARN: the only target type the local runtime runs. */
  arn: string;
  retryPolicy: RetryPolicy;
  /** The SQS queue ARN of the target's dead-letter queue; locally, the dead-letter store. */
  deadLetterArn?: string;
  input?: string;
  inputPath?: string;
  inputTransformer?: InputTransformer;
}

interface Rule {
  logicalId: string;
  name: string;
  arn: string;
  busName: string;
  /** The pattern as JSON text, as the API returns it. */
  eventPattern: string;
  matches: (event: unknown) => boolean;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  targets: RuleTarget[];
}

interface EventBus {
  name: string;
  arn: string;
  description?: string;
  createdAt: Date;
}

interface Archive {
  logicalId?: string;
  name: string;
  arn: string;
  busName: string;
  sourceArn: string;
  eventPattern?: string;
  matches: (event: unknown) => boolean;
  /** 0 keeps events indefinitely, as on AWS. */
  retentionDays: number;
  description?: string;
  createdAt: Date;
}

/** An archived event with the time the bus received it, which replay windows select on. */
interface ArchivedEvent {
  archivedAt: number;
  event: BusEvent;
}

type ReplayState = 'STARTING' | 'RUNNING' | 'COMPLETED' | 'FAILED';

interface Replay {
  name: string;
  arn: string;
  description?: string;
  archiveArn: string;
  destinationArn: string;
  filterArns?: string[];
  eventStartTime: Date;
  eventEndTime: Date;
  state: ReplayState;
  stateReason?: string;
  replayStartTime: Date;
  replayEndTime?: Date;
  eventLastReplayedTime?: Date;
}

/**
 * Time for the bus: `now` for event times and ages, `sleep` for retry backoff. Tests inject one
 * whose sleep moves `now` on at once.
 */
interface EventBridgeClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export type {
  Archive,
  ArchivedEvent,
  BusEvent,
  EventBridgeClock,
  EventBus,
  InputTransformer,
  Replay,
  ReplayState,
  RetryPolicy,
  Rule,
  RuleTarget,
};
