import { s3Errors } from './errors.ts';

/** Whether a PutObject body carries the `aws-chunked` framing the SDKs send when streaming. */
const isAwsChunked = (headers: Record<string, string>): boolean =>
  (headers['content-encoding'] ?? '')
    .split(',')
    .some((e) => e.trim().toLowerCase() === 'aws-chunked') ||
  (headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');

/**
 * Decodes `aws-chunked` framing: `<hex size>[;chunk-signature=...]\r\n<bytes>\r\n` repeated, a
 * zero-size chunk, then trailing headers (`x-amz-checksum-crc32:...`) and an empty line.
 *
 * Differs from AWS: chunk signatures (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`) and the trailer
 * signature are not verified, as no request signature is.
 */
const decodeAwsChunked = (body: Buffer): { payload: Buffer; trailers: Record<string, string> } => {
  const chunks: Buffer[] = [];
  let at = 0;
  const line = () => {
    const end = body.indexOf('\r\n', at);
    if (end < 0) throw s3Errors.incompleteBody();
    const text = body.subarray(at, end).toString('latin1');
    at = end + 2;
    return text;
  };
  for (;;) {
    const header = line();
    const size = Number.parseInt(header.split(';')[0] ?? '', 16);
    if (!Number.isInteger(size) || size < 0) throw s3Errors.incompleteBody();
    if (size === 0) break;
    if (at + size > body.length) throw s3Errors.incompleteBody();
    chunks.push(body.subarray(at, at + size));
    at += size;
    if (line() !== '') throw s3Errors.incompleteBody();
  }
  const trailers: Record<string, string> = {};
  while (at < body.length) {
    const trailer = line();
    if (trailer === '') break;
    const colon = trailer.indexOf(':');
    if (colon > 0) {
      trailers[trailer.slice(0, colon).trim().toLowerCase()] = trailer.slice(colon + 1).trim();
    }
  }
  return { payload: Buffer.concat(chunks), trailers };
};

export { decodeAwsChunked, isAwsChunked };
