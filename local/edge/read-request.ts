import type { IncomingMessage } from 'node:http';
import type { EdgeRequest } from '../contracts.ts';

/** A bucket name as S3 accepts it, in front of `.localhost`. */
const VIRTUAL_HOST = /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\.localhost(?::\d+)?$/i;

const collectBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const headersOf = (req: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
};

const decodePath = (rawPath: string): string => {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
};

/**
 * Reads a request into an `EdgeRequest`. An S3 client without `forcePathStyle` addresses a
 * bucket as the host (`<bucket>.localhost:4566/<key>`); such a request is rewritten to path
 * style (`/<bucket>/<key>`), so the S3 route sees one shape. The original host stays in the
 * `host` header.
 */
const readRequest = async (req: IncomingMessage): Promise<EdgeRequest> => {
  const url = new URL(req.url ?? '/', 'http://edge.invalid');
  const headers = headersOf(req);
  let rawPath = url.pathname;
  const bucket = VIRTUAL_HOST.exec(headers.host ?? '')?.[1];
  if (bucket && !headers['x-amz-target']) {
    rawPath = `/${bucket}${rawPath === '/' ? '' : rawPath}`;
  }
  return {
    method: req.method ?? 'GET',
    path: decodePath(rawPath),
    rawPath,
    query: url.searchParams,
    headers,
    body: await collectBody(req),
  };
};

/** The service and operation a request asks for, for logs and error messages. */
const describeRequest = (req: EdgeRequest): { target?: string; operation: string } => {
  const target = req.headers['x-amz-target'];
  if (target) return { target, operation: target.slice(target.indexOf('.') + 1) };
  return { operation: `${req.method} ${req.path}` };
};

export { describeRequest, readRequest };
