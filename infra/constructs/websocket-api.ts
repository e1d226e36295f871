import { Validations } from 'aws-cdk-lib';
import { type ThrottleSettings, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { accessLog } from './api-access-log.ts';
import type { BatonFunction } from './baton-function.ts';

/** Properties of {@link BatonWebSocketApi}. */
interface BatonWebSocketApiProps {
  /** The stage; the API is `baton-<stage>-ws` and its stage is named after the stage too. */
  readonly stage: string;
  /** The `$connect` authorizer; it reads the token from the `token` query parameter. */
  readonly authorize: BatonFunction;
  readonly connect: BatonFunction;
  readonly disconnect: BatonFunction;
  /** Handles `{"action":"subscribe", ...}`. */
  readonly subscribe: BatonFunction;
  /** Handles any other message. */
  readonly fallback: BatonFunction;
  /** @default { rateLimit: 100, burstLimit: 200 } */
  readonly throttle?: ThrottleSettings;
  /** Whether the access log group outlives the stack. @default true */
  readonly retainLogs?: boolean;
}

/**
 * The live team view's channel. Authorization happens once, at `$connect`: browsers cannot set
 * headers on a WebSocket, so the token travels in the query string.
 */
class BatonWebSocketApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;

  constructor(scope: Construct, id: string, props: BatonWebSocketApiProps) {
    super(scope, id);
    const name = `baton-${props.stage}-ws`;
    // Integration ids avoid `Default`: its logical id would collide with `$default`'s.
    const integrate = (integrationId: string, fn: BatonFunction) =>
      new WebSocketLambdaIntegration(integrationId, fn.function);
    this.api = new WebSocketApi(this, 'Api', {
      apiName: name,
      routeSelectionExpression: '$request.body.action',
      connectRouteOptions: {
        integration: integrate('ConnectIntegration', props.connect),
        authorizer: new WebSocketLambdaAuthorizer('TokenAuthorizer', props.authorize.function, {
          authorizerName: `${name}-token`,
          identitySource: ['route.request.querystring.token'],
        }),
      },
      disconnectRouteOptions: { integration: integrate('DisconnectIntegration', props.disconnect) },
      defaultRouteOptions: {
        integration: integrate('FallbackIntegration', props.fallback),
        returnResponse: true,
      },
    });
    this.api.addRoute('subscribe', {
      integration: integrate('SubscribeIntegration', props.subscribe),
      returnResponse: true,
    });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: props.stage,
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: accessLog(
        this,
        name,
        {
          routeKey: '$context.routeKey',
          eventType: '$context.eventType',
          connectionId: '$context.connectionId',
          status: '$context.status',
          authorizerError: '$context.authorizer.error',
          integrationError: '$context.integrationErrorMessage',
        },
        props.retainLogs ?? true,
      ),
    });
    for (const route of ['$disconnect', '$default', 'subscribe']) {
      const child = this.api.node.tryFindChild(`${route}-Route`);
      if (child) {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'WebSocket APIs authorize only at $connect; later messages ride the authorized connection.',
        });
      }
    }
  }
}

export type { BatonWebSocketApiProps };
export { BatonWebSocketApi };
