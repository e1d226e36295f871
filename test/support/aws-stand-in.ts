import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** One call the stand-in received. */
interface Call {
  target: string;
  body: Record<string, unknown>;
}

/**
 * A stand-in on loopback for the AWS services that cannot run in these tests (EventBridge
 * PutEvents, Step Functions StartExecution and SendTaskSuccess, S3 PutObject): it speaks just
 * enough of each wire protocol for the SDK clients, and records every call. The SDK clients reach
 * it through `AWS_ENDPOINT_URL_EVENTBRIDGE`, `AWS_ENDPOINT_URL_SFN` and `AWS_ENDPOINT_URL_S3`.
 */
const startAwsStandIn = async () => {
  const calls: Call[] = [];
  const objects = new Map<string, string>();
  const executions = new Set<string>();
  const failures = { putEvents: 0 };

  const json = (res: ServerResponse, status: number, body: unknown, type?: string) => {
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      ...(type ? { 'x-amzn-errortype': type } : {}),
    });
    res.end(JSON.stringify(type ? { __type: type, message: String(body) } : body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method === 'PUT') {
      const key = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
      calls.push({ target: 'S3.PutObject', body: { key, text: raw } });
      if (req.headers['if-none-match'] === '*' && objects.has(key)) {
        res.writeHead(412, { 'content-type': 'application/xml' });
        return res.end(
          '<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>',
        );
      }
      objects.set(key, raw);
      res.writeHead(200, { etag: '"0"' });
      return res.end();
    }
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    calls.push({ target, body });
    if (target === 'AWSEvents.PutEvents') {
      const entries = (body.Entries as unknown[]) ?? [];
      if (failures.putEvents > 0) {
        failures.putEvents -= 1;
        return json(res, 200, {
          FailedEntryCount: entries.length,
          Entries: entries.map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' })),
        });
      }
      return json(res, 200, {
        FailedEntryCount: 0,
        Entries: entries.map((_, i) => ({ EventId: `ev-${calls.length}-${i}` })),
      });
    }
    if (target === 'AWSStepFunctions.StartExecution') {
      const name = String(body.name);
      if (executions.has(name))
        return json(res, 400, `Execution Already Exists: '${name}'`, 'ExecutionAlreadyExists');
      executions.add(name);
      return json(res, 200, {
        executionArn: `arn:aws:states:eu-west-2:123456789012:execution:handover:${name}`,
        startDate: Date.now() / 1_000,
      });
    }
    if (target === 'AWSStepFunctions.SendTaskSuccess') return json(res, 200, {});
    if (target === 'AWSStepFunctions.StopExecution')
      return json(res, 200, { stopDate: Date.now() / 1_000 });
    return json(
      res,
      400,
      `the stand-in does not answer ${target || req.method}`,
      'UnknownOperationException',
    );
  };

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => handle(req, res, raw));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    endpoint,
    calls,
    objects,
    failures,
    callsTo: (target: string) => calls.filter((c) => c.target === target),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

export { startAwsStandIn };
