import type { _Record, AttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';

const TAGS = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']);

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/**
 * One attribute value as Lambda delivers it. The SDK's stream client hands an empty map back as
 * `{}`, losing its `M` tag, and binary values as bytes; Lambda delivers `{"M":{}}` and base64
 * text, so images unmarshall in the function as they would on AWS.
 */
const toLambdaValue = (value: AttributeValue | Record<string, unknown>): unknown => {
  const v = value as Record<string, unknown>;
  const tag = Object.keys(v).find((key) => TAGS.has(key));
  if (!tag) return Object.keys(v).length === 0 ? { M: {} } : v;
  const inner = v[tag];
  switch (tag) {
    case 'M':
      return { M: toLambdaImage(inner as Record<string, AttributeValue>) };
    case 'L':
      return { L: (inner as AttributeValue[]).map(toLambdaValue) };
    case 'B':
      return { B: base64(inner as Uint8Array) };
    case 'BS':
      return { BS: (inner as Uint8Array[]).map(base64) };
    default:
      return { [tag]: inner };
  }
};

const toLambdaImage = (image: Record<string, AttributeValue>) =>
  Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]));

/**
 * A stream record from DynamoDB Local shaped as Lambda delivers it: the template's stream ARN
 * (DynamoDB Local names its own), the runtime's region (DynamoDB Local says `ddblocal`), and
 * `ApproximateCreationDateTime` in epoch seconds (DynamoDB Local gives a date).
 *
 * Differs from AWS: DynamoDB Local rounds `ApproximateCreationDateTime` down to the minute.
 */
const toLambdaRecord = (
  record: _Record,
  eventSourceARN: string,
  awsRegion: string,
): DynamoDBRecord => {
  const d = record.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion,
    dynamodb: {
      ...(created
        ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1_000) }
        : {}),
      ...(d.Keys ? { Keys: toLambdaImage(d.Keys) } : {}),
      ...(d.NewImage ? { NewImage: toLambdaImage(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: toLambdaImage(d.OldImage) } : {}),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
    eventSourceARN,
  } as DynamoDBRecord;
};

export { toLambdaRecord };
