import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { exportObjects } from './lib/audit-export.ts';
import { insertedAuditItem } from './lib/case-changes.ts';
import { readEnv } from './lib/env.ts';
import { logger } from './lib/runtime.ts';

const env = readEnv(['AUDIT_BUCKET_NAME']);
const s3 = new S3Client({});

/**
 * Copies audit records from the table's stream to the compliance bucket as newline-delimited
 * JSON: one object per batch and hour. The stream mapping batches up to a window, so objects
 * are few and large (cheaper PUTs, fewer objects under Object Lock) rather than one per record.
 * Objects are written only if absent (`If-None-Match: *`): a retried batch finds its object
 * already there, and nothing under Object Lock is ever rewritten. A failure fails the batch,
 * which the mapping retries and bisects (see `exportObjects` for what a split retry writes).
 */
const exportAudit = async (event: DynamoDBStreamEvent) => {
  const items = event.Records.flatMap((record) => {
    const item = insertedAuditItem(record);
    return item ? [{ item, sequenceNumber: record.dynamodb?.SequenceNumber ?? '0' }] : [];
  });
  for (const object of exportObjects(items)) {
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: env.AUDIT_BUCKET_NAME,
          Key: object.key,
          Body: object.body,
          ContentType: 'application/x-ndjson',
          IfNoneMatch: '*',
        }),
      );
    } catch (error) {
      const exists = error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412;
      if (!exists) throw error;
    }
    logger.info('audit exported', { key: object.key, records: object.records });
  }
  return { batchItemFailures: [] };
};

const handler = middy(exportAudit).use(injectLambdaContext(logger, { resetKeys: true }));

export { handler };
