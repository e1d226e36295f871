import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { caseStore, logger } from './lib/runtime.ts';
import { sweepDueCases } from './lib/sweep.ts';

/**
 * Every few minutes: each open case whose next action falls due within the warning horizon gets
 * a clock tick, so deadlines warn and breach, promises break, breathing space lapses, overdue
 * handovers escalate (when their own workflow has not) and untouched cases stall.
 */
const sweep = async () => {
  const result = await sweepDueCases(caseStore(), new Date());
  logger.info('sweep finished', { ...result });
  return result;
};

const handler = middy(sweep).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
