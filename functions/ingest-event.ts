import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import middy from '@middy/core';
import type { EventInput } from '#domain/inputs.ts';
import { parseInboundEvent, parseOrThrow, ValidationError } from '#schemas/validation.ts';
import { applyInput } from './lib/apply-input.ts';
import { caseStore, logger, metrics } from './lib/runtime.ts';

/**
 * A billing or signal event from the bus: validated against its schema, applied to the
 * customer's open case (or opening one), committed with its audit records and its claim.
 * An invalid event fails with a `ValidationError` naming each field, so it reaches the function's
 * on-failure destination with that reason; it is never half applied.
 */
const ingest = async (raw: unknown) => {
  const store = caseStore();
  let input: EventInput;
  try {
    const envelope = parseOrThrow(EventBridgeSchema, raw, 'EventBridge event');
    const event = parseInboundEvent(envelope['detail-type'], envelope.detail);
    const { eventId } = event.detail;
    logger.appendKeys({ correlationId: eventId });
    input = {
      kind: 'event',
      inputId: eventId,
      at: new Date().toISOString(),
      correlationId: eventId,
      actor: { kind: 'system', name: envelope.source },
      event,
    };
  } catch (error) {
    if (error instanceof ValidationError) {
      logger.warn('event rejected', { violations: error.violations });
      metrics.addMetric('EventsRejected', MetricUnit.Count, 1);
    }
    throw error;
  }
  const decision = await applyInput(
    store,
    () => store.getOpenCase(input.event.detail.customerId),
    input,
  );
  metrics.addMetric(
    `Events${decision.outcome[0]?.toUpperCase()}${decision.outcome.slice(1)}`,
    MetricUnit.Count,
    1,
  );
  metrics.addMetric('AuditRecordsWritten', MetricUnit.Count, decision.audit.length);
  logger.info('event handled', {
    detailType: input.event.detailType,
    outcome: decision.outcome,
    caseId: decision.case?.caseId,
    version: decision.case?.version,
    auditRecords: decision.audit.length,
  });
  return { outcome: decision.outcome, caseId: decision.case?.caseId };
};

const handler = middy(ingest)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));

export { handler };
