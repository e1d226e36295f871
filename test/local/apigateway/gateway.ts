import { readFileSync } from 'node:fs';
import { createApiGateway, type WebSocketLimits } from '../../../local/apigateway/index.ts';
import type { LocalSettings, TemplateResource } from '../../../local/contracts.ts';
import { createLogger } from '../../../local/logger.ts';
import type { FakeLambda } from './fake-lambda.ts';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../fixtures/local/apigateway/${name}`, import.meta.url), 'utf8'),
  );

const httpResources = (): TemplateResource[] => fixture('http-api.resources.json');
const webSocketResources = (): TemplateResource[] => fixture('websocket-api.resources.json');

const settings = (edgePort = 4566): LocalSettings => ({
  dataDir: '/nonexistent',
  inMemory: true,
  region: 'eu-west-2',
  accountId: '123456789012',
  edgePort,
});

const quietLogger = () => createLogger('apigateway', { write: () => {} });

/** A started gateway on free ports, for one test file. */
const startGateway = async (
  fake: FakeLambda,
  resources: TemplateResource[],
  options: { edgePort?: number; limits?: Partial<WebSocketLimits> } = {},
) => {
  const gateway = createApiGateway({
    settings: settings(options.edgePort),
    logger: quietLogger(),
    lambda: fake.lambda,
    resources,
    ports: { http: 0, webSocket: 0 },
    limits: options.limits,
  });
  await gateway.service.start();
  return gateway;
};

export { fixture, httpResources, quietLogger, settings, startGateway, webSocketResources };
