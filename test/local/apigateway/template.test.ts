import { describe, expect, it } from 'vitest';
import { ApiGatewayTemplateError, createApiGateway } from '../../../local/apigateway/index.ts';
import type { TemplateResource } from '../../../local/contracts.ts';
import { createFakeLambda } from './fake-lambda.ts';
import { httpResources, quietLogger, settings, webSocketResources } from './gateway.ts';

const create = (resources: TemplateResource[], lambda = createFakeLambda({}).lambda) =>
  createApiGateway({
    settings: settings(),
    logger: quietLogger(),
    lambda,
    resources,
    ports: { http: 0, webSocket: 0 },
  });

const withProperties = (
  resources: TemplateResource[],
  logicalId: string,
  properties: Record<string, unknown>,
) =>
  resources.map((r) =>
    r.logicalId === logicalId ? { ...r, properties: { ...r.properties, ...properties } } : r,
  );

describe('reading the API Gateway resources of the template', () => {
  it('names every resource it cannot run, with its type and logical id', () => {
    // Prepare
    let resources = withProperties(httpResources(), 'FilesIntegration', {
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: 'https://example.com',
    });
    resources = withProperties(resources, 'CommandsIntegration', { PayloadFormatVersion: '1.0' });
    resources.push({
      logicalId: 'ApiDomain',
      type: 'AWS::ApiGatewayV2::DomainName',
      properties: {},
      ref: 'api.example.com',
      attributes: {},
    });

    // Act
    const attempt = () => create(resources);

    // Assess
    expect(attempt).toThrow(ApiGatewayTemplateError);
    expect(attempt).toThrow(
      /AWS::ApiGatewayV2::Integration FilesIntegration: only AWS_PROXY integrations/,
    );
    expect(attempt).toThrow(/AWS::ApiGatewayV2::Route Route0: payload format 1.0/);
    expect(attempt).toThrow(/AWS::ApiGatewayV2::DomainName ApiDomain: this resource type/);
  });

  it('refuses a JWT authorizer, which cannot be checked without its issuer', () => {
    // Prepare
    const resources = withProperties(httpResources(), 'HttpTokenAuthorizer', {
      AuthorizerType: 'JWT',
    });

    // Act
    const attempt = () => create(resources);

    // Assess
    expect(attempt).toThrow(/HttpTokenAuthorizer: only REQUEST \(Lambda\) authorizers/);
  });

  it('fails to start when a route’s function is not among the local functions', async () => {
    // Prepare
    const gateway = create(
      webSocketResources(),
      createFakeLambda({ 'ws-connect': () => ({}) }).lambda,
    );

    // Act
    const starting = gateway.service.start();

    // Assess
    await expect(starting).rejects.toThrow(
      /AWS::ApiGatewayV2::Authorizer WebSocketApiTokenAuthorizer000281AE: no local function arn:aws:lambda:eu-west-2:123456789012:function:baton-dev-ws-authorize/,
    );
  });

  it('reads the URLs of a gateway on fixed ports before it starts', () => {
    // Prepare
    const gateway = createApiGateway({
      settings: settings(4566),
      logger: quietLogger(),
      lambda: createFakeLambda({}).lambda,
      resources: [...httpResources(), ...webSocketResources()],
    });

    // Assess
    expect(gateway.httpUrl).toBe('http://127.0.0.1:4567');
    expect(gateway.webSocketUrl).toBe('ws://127.0.0.1:4568/dev');
    expect(gateway.callbackUrl).toBe('http://127.0.0.1:4566/dev');
  });
});
