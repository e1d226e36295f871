import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionId, type Json, only, synthesize } from './synthesize.ts';

describe('HTTP and WebSocket APIs', () => {
  let template: Template;
  let apis: Record<string, string>;

  beforeAll(() => {
    template = synthesize();
    apis = {
      http: only(template, 'AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' })[0],
      ws: only(template, 'AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET' })[0],
    };
  }, 60_000);

  /** Each route key of an API with the handler its integration invokes. */
  const routesOf = (api: string): Record<string, { handler: string; route: Json }> => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const functions = template.findResources('AWS::Lambda::Function');
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).filter(
      (r) => r.Properties.ApiId.Ref === api,
    );
    return Object.fromEntries(
      routes.map((r) => {
        const integrationId = r.Properties.Target['Fn::Join'][1][1].Ref;
        const uri = JSON.stringify(integrations[integrationId]?.Properties.IntegrationUri);
        const fnId = Object.keys(functions).find((id) => uri.includes(`"${id}"`));
        const handler = functions[fnId ?? '']?.Properties.FunctionName.replace('baton-dev-', '');
        return [r.Properties.RouteKey, { handler, route: r.Properties }];
      }),
    );
  };

  it('serves commands and the five queries over HTTP', () => {
    const routes = routesOf(apis.http as string);
    expect(Object.fromEntries(Object.entries(routes).map(([key, r]) => [key, r.handler]))).toEqual({
      'POST /cases/{caseId}/commands': 'http-commands',
      'GET /cases/{caseId}': 'http-queries',
      'GET /teams/{team}/queue': 'http-queries',
      'GET /teams/{team}/inbox': 'http-queries',
      'GET /cases/overdue': 'http-queries',
      'GET /cases/unowned': 'http-queries',
    });
  });

  it('sends HTTP requests to the handlers in payload format 2.0', () => {
    const integrations = Object.values(template.findResources('AWS::ApiGatewayV2::Integration'));
    const http = integrations.filter((i) => i.Properties.ApiId.Ref === apis.http);
    expect(http.map((i) => i.Properties.PayloadFormatVersion)).toEqual(['2.0', '2.0']);
  });

  it('throttles both APIs and logs their access as JSON', () => {
    const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(2);
    for (const { Properties: stage } of stages) {
      expect(stage.AutoDeploy).toBe(true);
      expect(stage.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
      expect(stage.DefaultRouteSettings.ThrottlingBurstLimit).toBeGreaterThan(0);
      expect(JSON.parse(stage.AccessLogSettings.Format)).toHaveProperty('requestId');
    }
  });

  it('routes WebSocket messages by their action to four routes', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
    const routes = routesOf(apis.ws as string);
    expect(Object.fromEntries(Object.entries(routes).map(([key, r]) => [key, r.handler]))).toEqual({
      $connect: 'ws-connect',
      $disconnect: 'ws-disconnect',
      $default: 'ws-default',
      subscribe: 'ws-subscribe',
    });
  });

  it('authorizes only at $connect, with ws-authorize reading the token query parameter', () => {
    const [authorizerId, authorizer] = only(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({
      ApiId: { Ref: apis.ws },
      AuthorizerType: 'REQUEST',
      IdentitySource: ['route.request.querystring.token'],
    });
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(
      `"${functionId(template, 'ws-authorize')}"`,
    );
    const routes = routesOf(apis.ws as string);
    expect(routes.$connect?.route).toMatchObject({
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: authorizerId },
    });
    for (const key of ['$disconnect', '$default', 'subscribe']) {
      expect(routes[key]?.route.AuthorizerId, key).toBeUndefined();
    }
  });

  it('names the WebSocket stage after the stage and gives broadcast its @connections URL', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: apis.ws },
      StageName: 'dev',
    });
    const [, broadcast] = only(template, 'AWS::Lambda::Function', {
      FunctionName: 'baton-dev-broadcast-change',
    });
    const url = JSON.stringify(broadcast.Properties.Environment.Variables.WEBSOCKET_CALLBACK_URL);
    expect(url).toContain('"https://"');
    expect(url).toContain(apis.ws);
    expect(url).toContain('/dev');
  });
});
