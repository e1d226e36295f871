import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { UnauthorizedError } from './lib/errors.ts';
import { logger } from './lib/runtime.ts';
import { verifyToken } from './lib/token.ts';
import { tokenSecret } from './lib/token-secret.ts';

/**
 * The `$connect` authorizer: the sign-in token from the `token` query parameter (browsers cannot
 * set headers on a WebSocket) allows the connection and passes its holder on to `ws-connect`.
 * API Gateway answers 401 only to the error message `Unauthorized`, so every refusal throws that;
 * why is logged, never the token.
 */
const authorize = async (
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> => {
  const connectionId = event.requestContext?.connectionId;
  const token = event.queryStringParameters?.token;
  if (!token) return refuse(connectionId, 'the token is missing');
  let claims: ReturnType<typeof verifyToken>;
  try {
    claims = verifyToken(await tokenSecret(), token);
  } catch (error) {
    if (error instanceof UnauthorizedError) return refuse(connectionId, error.message);
    throw error;
  }
  logger.info('connection authorized', { connectionId, agentId: claims.sub });
  return {
    principalId: claims.sub,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
    },
    // Context values must be strings, numbers or booleans: team ids cannot contain commas.
    context: { agentId: claims.sub, teams: claims.teams.join(','), lead: claims.lead },
  };
};

const refuse = (connectionId: string | undefined, reason: string): never => {
  logger.warn('connection refused', { connectionId, reason });
  throw new Error('Unauthorized');
};

const handler = middy(authorize).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
