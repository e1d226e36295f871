import { randomUUID } from 'node:crypto';
import type { DeadLetterStore, LocalLogger, LocalService, TemplateResource } from '../contracts.ts';
import { type Clock, systemClock } from './clock.ts';
import {
  readSchedule,
  readScheduledRule,
  type ScheduledJob,
  type ScheduleTarget,
} from './schedule-config.ts';
import { type Recurrence, readScheduleExpression } from './schedule-expression.ts';

interface SchedulerOptions {
  logger: LocalLogger;
  /** Lambda's asynchronous invocation, as EventBridge Scheduler and rules invoke functions. */
  lambda: { invokeAsync(functionId: string, payload: unknown): Promise<{ requestId: string }> };
  /**
   * The template's `AWS::Scheduler::Schedule` resources, and any `AWS::Events::Rule`; rules
   * without a `ScheduleExpression` belong to the event bus and are left alone.
   */
  schedules: TemplateResource[];
  clock?: Clock;
  /** Where a target's invocation goes once its retry policy is spent (`DeadLetterConfig`). */
  deadLetters?: DeadLetterStore;
  /** Delay before retry n of a failed invocation; default 1 s doubling up to 1 minute. */
  retryDelayMs?: (retry: number) => number;
}

/** Timers are armed at most this far ahead and re-armed, as `setTimeout` overflows at ~24 days. */
const MAX_TIMER_MS = 3_600_000;

const defaultRetryDelayMs = (retry: number) => Math.min(1_000 * 2 ** (retry - 1), 60_000);

/**
 * Runs the template's schedules: `rate`, `cron` (six-field AWS cron in the schedule's time zone)
 * and `at` expressions, between `StartDate` and `EndDate`, invoking each Lambda target
 * asynchronously; an invocation that cannot be made is retried with the target's retry policy,
 * then put in the dead-letter store when the target has a dead-letter queue.
 *
 * Differs from AWS: runs missed while the runtime was stopped (or the machine asleep) are skipped,
 * not made up; a flexible time window is ignored (every run is on time); a scheduled rule's first
 * rate run is one period after start.
 */
const createScheduler = (options: SchedulerOptions): { service: LocalService } => {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  const problems: string[] = [];
  const jobs: ScheduledJob[] = [];
  for (const resource of options.schedules) {
    const job =
      resource.type === 'AWS::Scheduler::Schedule'
        ? readSchedule(resource, problems)
        : resource.properties.ScheduleExpression
          ? readScheduledRule(resource, problems)
          : undefined;
    if (job) jobs.push(job);
  }
  if (problems.length > 0)
    throw new Error(`Schedules cannot run locally:\n- ${problems.join('\n- ')}`);

  const cancels = new Set<() => void>();
  let running = false;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const cancel = clock.setTimer(() => {
        cancels.delete(cancel);
        resolve();
      }, ms);
      cancels.add(cancel);
    });

  const deliver = async (job: ScheduledJob, target: ScheduleTarget, scheduledTime: number) => {
    const executionId = randomUUID().replaceAll('-', '').slice(0, 16);
    const fields = {
      schedule: job.name,
      target: target.functionArn,
      scheduledTime: new Date(scheduledTime).toISOString(),
    };
    for (let attempt = 1; running; attempt++) {
      const payload = target.payload({ scheduledTime, attempt, executionId });
      try {
        const { requestId } = await options.lambda.invokeAsync(target.functionArn, payload);
        logger.info('schedule ran', { ...fields, requestId, attempt });
        return;
      } catch (error) {
        const e = error as Error;
        const expired = clock.now() - scheduledTime > target.maxEventAgeSeconds * 1_000;
        if (attempt > target.maxRetries || expired) {
          await deadLetter(job, target, payload, attempt, e, fields);
          return;
        }
        logger.warn('schedule target failed; retrying', { ...fields, attempt, error: e.message });
        await wait(retryDelayMs(attempt));
      }
    }
  };

  const deadLetter = async (
    job: ScheduledJob,
    target: ScheduleTarget,
    payload: unknown,
    attempts: number,
    error: Error,
    fields: Record<string, unknown>,
  ) => {
    if (!target.deadLetterArn || !options.deadLetters) {
      logger.error('schedule target dropped', { ...fields, attempts, error: error.message });
      return;
    }
    await options.deadLetters.put({
      source: job.source,
      target: target.functionArn,
      reason: `${error.name}: ${error.message}`,
      errorType: error.name,
      attempts,
      payload,
    });
    logger.error('schedule target sent to the dead-letter store', { ...fields, attempts });
  };

  const plan = (job: ScheduledJob) => {
    const started = clock.now();
    const anchor = job.startDate ?? started;
    const recurrence: Recurrence = readScheduleExpression(job.expression, job.timeZone, anchor);
    const next = (after: number) => {
      let due = recurrence(after);
      if (due !== undefined && job.startDate !== undefined && due < job.startDate) {
        due = recurrence(job.startDate - 1);
      }
      return due !== undefined && job.endDate !== undefined && due > job.endDate ? undefined : due;
    };
    const arm = (due: number | undefined) => {
      if (due === undefined || !running) {
        if (running) logger.info('schedule has no more runs', { schedule: job.name });
        return;
      }
      const cancel = clock.setTimer(
        () => {
          cancels.delete(cancel);
          if (clock.now() < due) return arm(due);
          for (const target of job.targets) void deliver(job, target, due);
          arm(next(Math.max(due, clock.now())));
        },
        Math.min(Math.max(0, due - clock.now()), MAX_TIMER_MS),
      );
      cancels.add(cancel);
    };
    const first =
      job.firstRunDelayed || job.startDate !== undefined ? next(started) : next(started - 1);
    logger.info('schedule planned', {
      schedule: job.name,
      expression: job.expression,
      timeZone: job.timeZone,
      next: first === undefined ? null : new Date(first).toISOString(),
    });
    arm(first);
  };

  return {
    service: {
      name: 'scheduler',
      start: async () => {
        running = true;
        for (const job of jobs) {
          if (job.enabled) plan(job);
          else logger.info('schedule disabled', { schedule: job.name });
        }
      },
      stop: async () => {
        running = false;
        for (const cancel of cancels) cancel();
        cancels.clear();
      },
    },
  };
};

export type { Clock, SchedulerOptions };
export { createScheduler };
