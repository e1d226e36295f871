/**
 * An S3 error answer: its code, HTTP status and S3's message, with the extra fields S3 puts in
 * the XML body (`Key`, `BucketName`, `Condition`, ...).
 */
class S3Error extends Error {
  override readonly name = 'S3Error';
  readonly code: string;
  readonly status: number;
  readonly fields: Record<string, string>;
  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** S3's errors with S3's texts. */
const s3Errors = {
  noSuchBucket: (bucket: string) =>
    new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket }),
  noSuchKey: (key: string) =>
    new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }),
  accessDenied: () => new S3Error(403, 'AccessDenied', 'Access Denied'),
  preconditionFailed: (condition: string) =>
    new S3Error(
      412,
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      {
        Condition: condition,
      },
    ),
  invalidRange: (size: number, range: string) =>
    new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', {
      RangeRequested: range,
      ActualObjectSize: String(size),
    }),
  badDigest: (what: string) =>
    new S3Error(
      400,
      'BadDigest',
      `The ${what} you specified did not match the calculated checksum.`,
    ),
  badMd5: () =>
    new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.'),
  invalidDigest: () =>
    new S3Error(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.'),
  contentSha256Mismatch: () =>
    new S3Error(
      400,
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    ),
  incompleteBody: () =>
    new S3Error(
      400,
      'IncompleteBody',
      'You did not provide the number of bytes specified by the Content-Length HTTP header.',
    ),
  invalidArgument: (message: string, name: string, value: string) =>
    new S3Error(400, 'InvalidArgument', message, { ArgumentName: name, ArgumentValue: value }),
  invalidRequest: (message: string) => new S3Error(400, 'InvalidRequest', message),
  invalidBucketName: (bucket: string) =>
    new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', {
      BucketName: bucket,
    }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    new S3Error(
      409,
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      { BucketName: bucket },
    ),
  metadataTooLarge: () =>
    new S3Error(
      400,
      'MetadataTooLarge',
      'Your metadata headers exceed the maximum allowed metadata size.',
    ),
  notImplemented: (what: string) =>
    new S3Error(
      501,
      'NotImplemented',
      'A header you provided implies functionality that is not implemented',
      // Differs from AWS: names what the local S3 lacks, to save a search.
      { Header: what },
    ),
  methodNotAllowed: (method: string) =>
    new S3Error(
      405,
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
      {
        Method: method,
      },
    ),
};

export { S3Error, s3Errors };
