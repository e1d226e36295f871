import { createFakeLambda, type GatewayEvent } from './fake-lambda.ts';

const policy = (effect: 'Allow' | 'Deny', event: GatewayEvent) => ({
  Version: '2012-10-17',
  Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: event.methodArn }],
});

/**
 * Functions behind the WebSocket fixture API, behaving as Baton's do: the authorizer allows
 * `token=good` (with the context Baton's passes on), denies `token=deny` with a policy and
 * throws `Unauthorized` for anything else; `subscribe` and `$default` answer through their route
 * response; `silent` has no route response; a message `{"action":"subscribe","fail":true}` makes
 * `subscribe` throw.
 */
const createWebSocketFunctions = () =>
  createFakeLambda({
    'ws-authorize': (event) => {
      const token = event.queryStringParameters?.token;
      if (token === 'good') {
        return {
          principalId: 'agent-sol',
          policyDocument: policy('Allow', event),
          context: { agentId: 'agent-sol', teams: 'specialist-support', lead: false },
        };
      }
      if (token === 'deny')
        return { principalId: 'agent-sol', policyDocument: policy('Deny', event) };
      throw new Error('Unauthorized');
    },
    'ws-connect': () => ({ statusCode: 200 }),
    'ws-subscribe': (event) => {
      const message = JSON.parse(event.body);
      if (message.fail) throw new TypeError('subscription store unavailable');
      return {
        statusCode: 200,
        body: JSON.stringify({ type: 'subscribed', teams: message.teams }),
      };
    },
    'ws-default': () => ({
      statusCode: 400,
      body: JSON.stringify({ type: 'error', code: 'UNKNOWN_ACTION' }),
    }),
    'ws-silent': () => ({ statusCode: 200, body: 'not for the client' }),
    'ws-disconnect': () => ({ statusCode: 200 }),
  });

export { createWebSocketFunctions };
