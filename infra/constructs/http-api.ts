import { Validations } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, type ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { accessLog } from './api-access-log.ts';
import type { BatonFunction } from './baton-function.ts';

/** Properties of {@link BatonHttpApi}. */
interface BatonHttpApiProps {
  /** The stage; the API is named `baton-<stage>-http`. */
  readonly stage: string;
  /** Handles `POST /cases/{caseId}/commands`. */
  readonly commands: BatonFunction;
  /** Handles the case, queue, inbox, overdue and unowned reads. */
  readonly queries: BatonFunction;
  /** @default { rateLimit: 50, burstLimit: 100 } */
  readonly throttle?: ThrottleSettings;
  /** Whether the access log group outlives the stack. @default true */
  readonly retainLogs?: boolean;
}

const QUERY_PATHS = [
  '/cases/{caseId}',
  '/teams/{team}/queue',
  '/teams/{team}/inbox',
  '/cases/overdue',
  '/cases/unowned',
];

/**
 * Commands and queries over HTTP (payload format 2.0). The handlers verify the bearer token
 * themselves: they need its team and role claims for the RACI check anyway, and a separate
 * authorizer would add an invocation per uncached request and a second event shape to
 * ws-authorize. Unauthenticated requests therefore reach the handlers and are refused there.
 */
class BatonHttpApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: BatonHttpApiProps) {
    super(scope, id);
    const name = `baton-${props.stage}-http`;
    this.api = new HttpApi(this, 'Api', { apiName: name, createDefaultStage: false });
    this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: accessLog(
        this,
        name,
        {
          routeKey: '$context.routeKey',
          status: '$context.status',
          latencyMs: '$context.responseLatency',
          integrationError: '$context.integrationErrorMessage',
        },
        props.retainLogs ?? true,
      ),
    });

    const commands = new HttpLambdaIntegration('Commands', props.commands.function);
    const queries = new HttpLambdaIntegration('Queries', props.queries.function);
    const routes = [
      ...this.api.addRoutes({
        path: '/cases/{caseId}/commands',
        methods: [HttpMethod.POST],
        integration: commands,
      }),
      ...QUERY_PATHS.flatMap((path) =>
        this.api.addRoutes({ path, methods: [HttpMethod.GET], integration: queries }),
      ),
    ];
    for (const route of routes) {
      const reason = 'The handler verifies the bearer token itself (see BatonHttpApi).';
      Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      Validations.of(route).acknowledge({ id: 'AwsSolutions-COG4', reason });
    }
  }
}

export type { BatonHttpApiProps };
export { BatonHttpApi };
