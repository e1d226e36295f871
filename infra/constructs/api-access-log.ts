import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { type IAccessLogSettings, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * JSON access logs for an API Gateway stage, with `$context` fields by name. Source IPs and
 * user agents are left out on purpose: they are personal data.
 *
 * @example accessLog(this, 'baton-dev-http', { routeKey: '$context.routeKey' })
 */
const accessLog = (
  scope: Construct,
  name: string,
  fields: Record<string, string>,
  retain: boolean,
): IAccessLogSettings => {
  const logGroup = new LogGroup(scope, 'AccessLogs', {
    logGroupName: `/aws/apigateway/${name}`,
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  const format = {
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ...fields,
  };
  return {
    destination: new LogGroupLogDestination(logGroup),
    format: AccessLogFormat.custom(JSON.stringify(format)),
  };
};

export { accessLog };
