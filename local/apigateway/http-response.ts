/** A response the HTTP server writes: status, headers (set-cookie as a list) and body. */
interface GatewayResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(JSON.stringify(body)),
});

/** API Gateway's own answers, with its texts. */
const gatewayAnswers = {
  notFound: () => json(404, { message: 'Not Found' }),
  unauthorized: () => json(401, { message: 'Unauthorized' }),
  forbidden: () => json(403, { message: 'Forbidden' }),
  internalError: () => json(500, { message: 'Internal Server Error' }),
  serviceUnavailable: () => json(503, { message: 'Service Unavailable' }),
  tooLarge: () => json(413, { message: 'Request Entity Too Large' }),
} satisfies Record<string, () => GatewayResponse>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const scalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * Maps a function's result to the response, as payload format 2.0 does: an object with a
 * `statusCode` is a structured response (`headers`, `cookies` as `set-cookie`s, `body`,
 * `isBase64Encoded`); any other result is a 200 `application/json` whose body is the result
 * serialized (a string as it is). A structured response API Gateway cannot read is a 500.
 */
const mapResult = (result: unknown): GatewayResponse => {
  if (!isRecord(result) || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(body),
    };
  }
  const status = Number(result.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599)
    return gatewayAnswers.internalError();
  const headers: Record<string, string | string[]> = {};
  if (result.headers !== undefined) {
    if (!isRecord(result.headers)) return gatewayAnswers.internalError();
    for (const [name, value] of Object.entries(result.headers)) {
      if (!scalar(value)) return gatewayAnswers.internalError();
      headers[name.toLowerCase()] = String(value);
    }
  }
  if (result.cookies !== undefined) {
    if (!Array.isArray(result.cookies) || !result.cookies.every((c) => typeof c === 'string')) {
      return gatewayAnswers.internalError();
    }
    const existing = headers['set-cookie'];
    headers['set-cookie'] = [...(existing ? [existing].flat() : []), ...result.cookies];
  }
  const raw = result.body;
  if (raw !== undefined && raw !== null && typeof raw !== 'string') {
    return gatewayAnswers.internalError();
  }
  const body = raw
    ? Buffer.from(raw, result.isBase64Encoded === true ? 'base64' : 'utf8')
    : Buffer.alloc(0);
  return { status, headers, body };
};

export type { GatewayResponse };
export { gatewayAnswers, isRecord, mapResult };
