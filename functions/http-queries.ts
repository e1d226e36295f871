import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { inboxRoute, overdueRoute, queueRoute, unownedRoute } from './lib/http-case-lists.ts';
import { caseRoute } from './lib/http-case-view.ts';
import { httpHandler } from './lib/http-handler.ts';
import { logger } from './lib/runtime.ts';

/**
 * The read side of the HTTP API. API Gateway prefers the literal `/cases/overdue` and
 * `/cases/unowned` routes over `/cases/{caseId}`, and says which matched in `routeKey`.
 */
const handler = middy(
  httpHandler({
    'GET /cases/{caseId}': caseRoute,
    'GET /cases/overdue': overdueRoute,
    'GET /cases/unowned': unownedRoute,
    'GET /teams/{team}/queue': queueRoute,
    'GET /teams/{team}/inbox': inboxRoute,
  }),
).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
