import { randomBytes } from 'node:crypto';

/**
 * An id in the shape API Gateway gives connection, request and message ids: 11 random bytes in
 * base64, 16 characters ending in `=` (`L0SM9cOFvHcCIhw=`). They may hold `+` and `/`, so they
 * arrive URL-encoded on the `@connections` path, as AWS's do.
 */
const gatewayId = (): string => randomBytes(11).toString('base64');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** A time as API Gateway writes `requestContext.time`: `03/Dec/2026:10:15:42 +0000`. */
const requestTime = (epochMs: number): string => {
  const d = new Date(epochMs);
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
};

/** An X-Ray trace header as API Gateway adds one: `Root=1-<epoch hex>-<96 random bits>`. */
const traceHeader = (epochMs: number): string =>
  `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

/** The client address without the IPv4-mapped prefix Node gives on dual-stack sockets. */
const clientIp = (address: string | undefined): string =>
  (address ?? '127.0.0.1').replace(/^::ffff:/, '');

export { clientIp, gatewayId, requestTime, traceHeader };
