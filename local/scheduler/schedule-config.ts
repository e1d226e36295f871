import { randomUUID } from 'node:crypto';
import type { TemplateResource } from '../contracts.ts';
import { readScheduleExpression } from './schedule-expression.ts';
import { formatterFor } from './zoned-time.ts';

/** What a target is invoked with, per attempt. */
interface FireContext {
  scheduledTime: number;
  attempt: number;
  executionId: string;
}

interface ScheduleTarget {
  functionArn: string;
  payload: (context: FireContext) => unknown;
  maxRetries: number;
  maxEventAgeSeconds: number;
  deadLetterArn?: string;
}

/** A schedule or a scheduled rule of the template, as the local scheduler runs it. */
interface ScheduledJob {
  logicalId: string;
  name: string;
  arn: string;
  /** The dead-letter store's `source`: `scheduler:<name>` or `eventbridge:<rule>`. */
  source: string;
  expression: string;
  timeZone: string;
  enabled: boolean;
  /** Rules first run one period after start; schedules without a start date at once. */
  firstRunDelayed: boolean;
  startDate?: number;
  endDate?: number;
  targets: ScheduleTarget[];
}

const LAMBDA_ARN = /^arn:aws[\w-]*:lambda:[^:]+:[^:]+:function:[^:]+(:\$LATEST)?$/;
const DEFAULT_RETRY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 };

const isoSeconds = (instant: number) => new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');

const parseJsonOrText = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const retryOf = (target: Record<string, unknown>) => {
  const policy = { ...DEFAULT_RETRY, ...((target.RetryPolicy ?? {}) as Record<string, unknown>) };
  const deadLetterArn = (target.DeadLetterConfig as { Arn?: string } | undefined)?.Arn;
  return {
    maxRetries: Number(policy.MaximumRetryAttempts),
    maxEventAgeSeconds: Number(policy.MaximumEventAgeInSeconds),
    ...(deadLetterArn ? { deadLetterArn } : {}),
  };
};

const checkExpression = (job: ScheduledJob, problems: string[], at: string) => {
  try {
    formatterFor(job.timeZone);
  } catch {
    problems.push(`${at}: unknown time zone ${job.timeZone}`);
    return;
  }
  try {
    readScheduleExpression(job.expression, job.timeZone, 0);
  } catch (error) {
    problems.push(
      `${at}: invalid schedule expression ${job.expression}: ${(error as Error).message}`,
    );
  }
};

/**
 * An `AWS::Scheduler::Schedule`: its target is invoked with `Input`, after EventBridge
 * Scheduler's context attributes (`<aws.scheduler.scheduled-time>`, ...) are filled in.
 */
const readSchedule = (resource: TemplateResource, problems: string[]): ScheduledJob | undefined => {
  const p = resource.properties;
  const at = `AWS::Scheduler::Schedule ${resource.logicalId}`;
  const target = (p.Target ?? {}) as Record<string, unknown>;
  const functionArn = String(target.Arn ?? '');
  const before = problems.length;
  if (!LAMBDA_ARN.test(functionArn)) {
    problems.push(
      `${at}: target ${functionArn} is not a Lambda function (the only target run locally)`,
    );
  }
  const name = String(p.Name ?? resource.ref);
  const arn = resource.attributes.Arn ?? resource.ref;
  const input = typeof target.Input === 'string' ? target.Input : undefined;
  const job: ScheduledJob = {
    logicalId: resource.logicalId,
    name,
    arn,
    source: `scheduler:${name}`,
    expression: String(p.ScheduleExpression ?? ''),
    timeZone: String(p.ScheduleExpressionTimezone ?? 'UTC'),
    enabled: p.State !== 'DISABLED',
    firstRunDelayed: false,
    ...(p.StartDate ? { startDate: Date.parse(String(p.StartDate)) } : {}),
    ...(p.EndDate ? { endDate: Date.parse(String(p.EndDate)) } : {}),
    targets: [
      {
        functionArn,
        // Differs from AWS: without Input the target gets `{}` here.
        payload: ({ scheduledTime, attempt, executionId }) =>
          input === undefined
            ? {}
            : parseJsonOrText(
                input
                  .replaceAll('<aws.scheduler.schedule-arn>', arn)
                  .replaceAll('<aws.scheduler.scheduled-time>', isoSeconds(scheduledTime))
                  .replaceAll('<aws.scheduler.execution-id>', executionId)
                  .replaceAll('<aws.scheduler.attempt-number>', String(attempt)),
              ),
        ...retryOf(target),
      },
    ],
  };
  checkExpression(job, problems, at);
  return problems.length > before ? undefined : job;
};

/**
 * An `AWS::Events::Rule` with a `ScheduleExpression` (always UTC): each Lambda target gets its
 * `Input`, or the `Scheduled Event` EventBridge sends.
 */
const readScheduledRule = (
  resource: TemplateResource,
  problems: string[],
): ScheduledJob | undefined => {
  const p = resource.properties;
  const at = `AWS::Events::Rule ${resource.logicalId}`;
  const before = problems.length;
  const arn = resource.attributes.Arn ?? resource.ref;
  const [, , , region = '', account = ''] = arn.split(':');
  const name = String(p.Name ?? resource.ref);
  const targets: ScheduleTarget[] = [];
  for (const target of (p.Targets ?? []) as Array<Record<string, unknown>>) {
    const functionArn = String(target.Arn ?? '');
    if (!LAMBDA_ARN.test(functionArn)) {
      problems.push(
        `${at}: target ${functionArn} is not a Lambda function (the only target run locally)`,
      );
    }
    if (target.InputPath || target.InputTransformer) {
      problems.push(`${at}: InputPath and InputTransformer on scheduled rules do not run locally`);
    }
    let input: unknown;
    try {
      input = typeof target.Input === 'string' ? JSON.parse(target.Input) : undefined;
    } catch {
      problems.push(`${at}: target Input is not valid JSON`);
    }
    targets.push({
      functionArn,
      payload: ({ scheduledTime }) =>
        input ?? {
          version: '0',
          id: randomUUID(),
          'detail-type': 'Scheduled Event',
          source: 'aws.events',
          account,
          time: isoSeconds(scheduledTime),
          region,
          resources: [arn],
          detail: {},
        },
      ...retryOf(target),
    });
  }
  const job: ScheduledJob = {
    logicalId: resource.logicalId,
    name,
    arn,
    source: `eventbridge:${name}`,
    expression: String(p.ScheduleExpression),
    timeZone: 'UTC',
    enabled: p.State !== 'DISABLED',
    firstRunDelayed: true,
    targets,
  };
  checkExpression(job, problems, at);
  return problems.length > before ? undefined : job;
};

export type { FireContext, ScheduledJob, ScheduleTarget };
export { readSchedule, readScheduledRule };
