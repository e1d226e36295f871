import { randomUUID } from 'node:crypto';
import type { EdgeRequest, EdgeResponse } from '../contracts.ts';

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

/** The JSON protocols' error: `{ "__type", "message" }` and the `x-amzn-errortype` header. */
const jsonError = (status: number, type: string, message: string): EdgeResponse => ({
  status,
  headers: {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-errortype': type,
    'x-amzn-requestid': randomUUID(),
  },
  body: JSON.stringify({ __type: type, message }),
});

/** S3's REST-XML error document. */
const s3Error = (status: number, code: string, message: string): EdgeResponse => {
  const requestId = randomUUID();
  return {
    status,
    headers: {
      'content-type': 'application/xml',
      'x-amzn-errortype': code,
      'x-amz-request-id': requestId,
    },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId></Error>`,
  };
};

/** The query protocol's (SQS, SNS, STS) XML error document. */
const queryError = (status: number, code: string, message: string): EdgeResponse => {
  const requestId = randomUUID();
  return {
    status,
    headers: {
      'content-type': 'text/xml',
      'x-amzn-errortype': code,
      'x-amzn-requestid': requestId,
    },
    body: `<?xml version="1.0"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
};

/** REST-JSON APIs put a version date first in the path (`/2015-03-31/functions/...`). */
const VERSIONED_REST_PATH = /^\/\d{4}-\d{2}-\d{2}\//;

/**
 * An error in the wire shape of the protocol the request used, so the SDK that sent it raises
 * an exception with that name: JSON for `x-amz-target` and REST-JSON requests, the query
 * protocol's XML for form posts, S3's XML for anything else.
 */
const awsError = (req: EdgeRequest, status: number, code: string, message: string) => {
  const contentType = req.headers['content-type'] ?? '';
  if (req.headers['x-amz-target'] || contentType.includes('json')) {
    return jsonError(status, code, message);
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return queryError(status, code, message);
  }
  if (VERSIONED_REST_PATH.test(req.path) || req.path.startsWith('/@connections')) {
    return jsonError(status, code, message);
  }
  return s3Error(status, code, message);
};

export { awsError, jsonError, queryError, s3Error };
