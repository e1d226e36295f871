import type { TemplateResource } from '../contracts.ts';
import { compilePattern } from '../eventbridge/pattern/index.ts';

/** A DynamoDB stream event source mapping of the template, as the poller runs it. */
interface StreamMapping {
  logicalId: string;
  functionName: string;
  /** The stream ARN of the template, given to the function in each record's `eventSourceARN`. */
  eventSourceArn: string;
  tableName: string;
  enabled: boolean;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  batchSize: number;
  batchingWindowMs: number;
  bisect: boolean;
  /** -1: until the record expires from the stream, Lambda's default. */
  maxRetries: number;
  /** -1: no limit, Lambda's default. */
  maxRecordAgeSeconds: number;
  reportBatchItemFailures: boolean;
  onFailure?: string;
  /** The records that pass `FilterCriteria` (any filter); all records without filters. */
  accepts: (record: unknown) => boolean;
}

const DEFAULT_BATCH_SIZE = 100;

const tableNameOf = (arn: string, tables: TemplateResource[]): string | undefined => {
  const table = tables.find((t) => t.attributes.StreamArn === arn);
  if (table) return String(table.properties.TableName ?? table.ref);
  return /^arn:aws[\w-]*:dynamodb:[^:]*:[^:]*:table\/([^/]+)\/stream\//.exec(arn)?.[1];
};

const readFilters = (criteria: unknown, at: string, problems: string[]) => {
  const filters = ((criteria ?? {}) as { Filters?: Array<{ Pattern?: unknown }> }).Filters ?? [];
  const predicates: Array<(record: unknown) => boolean> = [];
  for (const filter of filters) {
    try {
      predicates.push(compilePattern(filter.Pattern));
    } catch (error) {
      problems.push(`${at}: invalid filter pattern definition: ${(error as Error).message}`);
    }
  }
  return predicates.length === 0
    ? () => true
    : (record: unknown) => predicates.some((accepts) => accepts(record));
};

/**
 * Reads a mapping, adding to `problems` whatever keeps it from running here: a source other than
 * a DynamoDB stream of the template, a starting position DynamoDB streams lack, tumbling windows,
 * an invalid filter pattern.
 */
const readMapping = (
  resource: TemplateResource,
  tables: TemplateResource[],
  problems: string[],
): StreamMapping | undefined => {
  const p = resource.properties;
  const at = `AWS::Lambda::EventSourceMapping ${resource.logicalId}`;
  const arn = String(p.EventSourceArn ?? '');
  const tableName = tableNameOf(arn, tables);
  const before = problems.length;
  if (!tableName)
    problems.push(`${at}: source ${arn} is not a DynamoDB stream (the only source run locally)`);
  const startingPosition = String(p.StartingPosition ?? '');
  if (startingPosition !== 'TRIM_HORIZON' && startingPosition !== 'LATEST') {
    problems.push(
      `${at}: StartingPosition ${startingPosition || '(none)'} (TRIM_HORIZON or LATEST)`,
    );
  }
  if (Number(p.TumblingWindowInSeconds ?? 0) > 0) {
    problems.push(`${at}: tumbling windows do not run locally`);
  }
  const accepts = readFilters(p.FilterCriteria, at, problems);
  if (problems.length > before || !tableName) return undefined;
  const onFailure = (p.DestinationConfig as { OnFailure?: { Destination?: string } } | undefined)
    ?.OnFailure?.Destination;
  return {
    logicalId: resource.logicalId,
    functionName: String(p.FunctionName),
    eventSourceArn: arn,
    tableName,
    enabled: p.Enabled !== false && p.Enabled !== 'false',
    startingPosition: startingPosition as StreamMapping['startingPosition'],
    batchSize: Number(p.BatchSize ?? DEFAULT_BATCH_SIZE),
    batchingWindowMs: Number(p.MaximumBatchingWindowInSeconds ?? 0) * 1_000,
    bisect: p.BisectBatchOnFunctionError === true || p.BisectBatchOnFunctionError === 'true',
    maxRetries: Number(p.MaximumRetryAttempts ?? -1),
    maxRecordAgeSeconds: Number(p.MaximumRecordAgeInSeconds ?? -1),
    reportBatchItemFailures: ((p.FunctionResponseTypes ?? []) as string[]).includes(
      'ReportBatchItemFailures',
    ),
    ...(onFailure ? { onFailure } : {}),
    accepts,
  };
};

export type { StreamMapping };
export { readMapping };
