import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type {
  EdgeRoute,
  LocalLogger,
  LocalService,
  LocalSettings,
  TemplateResource,
} from '../contracts.ts';
import { deployTable } from './deploy-tables.ts';
import { type DynamoDbLocalProcess, startDynamoDbLocal } from './dynamodb-local-process.ts';
import { dynamoDbProxyRoute } from './proxy-route.ts';
import { tableDefinition } from './table-input.ts';

/** DynamoDB Local takes only letters and digits in an access key. */
const LOCAL_CREDENTIALS = { accessKeyId: 'batonlocal', secretAccessKey: 'batonlocal' };

/** DynamoDB Local, run by Baton, with the template's tables. */
interface LocalDynamoDb {
  service: LocalService;
  /** Answers `DynamoDB_20120810.*` and `DynamoDBStreams_20120810.*` on the edge. */
  route: EdgeRoute;
  /** DynamoDB Local's own URL, once started (for parts that talk to it directly). */
  readonly endpoint: string;
  /**
   * DynamoDB Local's stream ARN for a table, once started. The template's `StreamArn` has a
   * fixed label; this is the ARN DynamoDB Local's `GetShardIterator` takes.
   */
  latestStreamArn(tableName: string): Promise<string | undefined>;
}

interface LocalDynamoDbOptions {
  settings: LocalSettings;
  logger: LocalLogger;
  /** The template's `AWS::DynamoDB::Table` resources. */
  tables: TemplateResource[];
}

/**
 * DynamoDB Local as a local service: `start` runs the JVM (on disk under
 * `<dataDir>/dynamodb`, or in memory) and creates each table the template declares, or brings
 * a kept one in line with it; `stop` ends the JVM so nothing is left listening.
 *
 * Differs from AWS: the ARNs DynamoDB Local reports (`TableArn`, `LatestStreamArn`) name the
 * region `ddblocal` and carry its own stream label; the template's `Arn` and `StreamArn` (and
 * so the functions' environment) use the local region and a fixed label.
 *
 * @example const dynamo = createDynamoDb({ settings, logger, tables: resourcesOf(resources, 'dynamodb') })
 */
const createDynamoDb = (options: LocalDynamoDbOptions): LocalDynamoDb => {
  const { settings, logger } = options;
  const dbPath = join(settings.dataDir, 'dynamodb');
  let running: DynamoDbLocalProcess | undefined;
  const endpoint = () => {
    if (!running) throw new Error('DynamoDB Local is not running');
    return running.endpoint;
  };
  const proxy = dynamoDbProxyRoute(endpoint);

  const service: LocalService = {
    name: 'dynamodb',
    start: async () => {
      const started = performance.now();
      running = await startDynamoDbLocal({ dbPath, inMemory: settings.inMemory });
      logger.info('DynamoDB Local listening', {
        endpoint: running.endpoint,
        storage: settings.inMemory ? 'memory' : dbPath,
        ms: Math.round(performance.now() - started),
      });
      const client = new DynamoDBClient({
        endpoint: running.endpoint,
        region: settings.region,
        credentials: LOCAL_CREDENTIALS,
      });
      try {
        for (const table of options.tables) {
          await deployTable(client, tableDefinition(table), logger, dbPath);
        }
      } catch (error) {
        await service.stop();
        throw error;
      } finally {
        client.destroy();
      }
    },
    stop: async () => {
      proxy.close();
      const stopping = running;
      running = undefined;
      if (stopping) {
        await stopping.stop();
        logger.info('DynamoDB Local stopped');
      }
    },
  };

  return {
    service,
    route: proxy.route,
    get endpoint() {
      return endpoint();
    },
    latestStreamArn: async (tableName) => {
      const client = new DynamoDBClient({
        endpoint: endpoint(),
        region: settings.region,
        credentials: LOCAL_CREDENTIALS,
      });
      try {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
        return Table?.LatestStreamArn;
      } finally {
        client.destroy();
      }
    },
  };
};

export type { LocalDynamoDb, LocalDynamoDbOptions };
export { createDynamoDb };
