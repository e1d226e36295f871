import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import middy from '@middy/core';
import { CASE_EVENTS_SOURCE, caseEventSchemas } from '#schemas/case-events.ts';
import { parseOrThrow } from '#schemas/validation.ts';
import { connectionStore } from './lib/connections.ts';
import { batonConfig, caseStore, logger } from './lib/runtime.ts';
import { broadcastCase, postToConnection } from './lib/ws-broadcast.ts';

/**
 * A `Case Changed` event from the bus: the case as it is now goes to every WebSocket connection
 * subscribed to a team in its audience, each with what its team may see. The rule delivers every
 * `baton.cases` event; the others are not for the live view.
 */
const broadcast = async (raw: unknown) => {
  const envelope = parseOrThrow(EventBridgeSchema, raw, 'EventBridge event');
  const detailType = envelope['detail-type'];
  if (envelope.source !== CASE_EVENTS_SOURCE || detailType !== 'Case Changed') {
    logger.debug('event ignored', { source: envelope.source, detailType });
    return { outcome: 'ignored' };
  }
  const change = parseOrThrow(
    caseEventSchemas[detailType],
    envelope.detail,
    `${detailType} detail`,
  );
  logger.appendKeys({ correlationId: change.correlationId });
  const found = await caseStore().getCase(change.caseId);
  if (!found) {
    logger.warn('case not found', { caseId: change.caseId, seq: change.seq });
    return { outcome: 'case-not-found' };
  }
  const summary = await broadcastCase(found, change, {
    store: connectionStore(),
    config: batonConfig(),
    post: postToConnection,
  });
  logger.info('change broadcast', { caseId: change.caseId, seq: change.seq, ...summary });
  return { outcome: 'broadcast', ...summary };
};

const handler = middy(broadcast).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
