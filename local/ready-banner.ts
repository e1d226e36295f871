/** What `npm start` prints once the application is up. */
interface BannerInput {
  stackName: string;
  readySeconds: string;
  edgeUrl: string;
  httpUrl: string | undefined;
  webSocketUrl: string | undefined;
  dataDir: string | undefined;
  region: string;
  busName: string;
  /** The moment the sample event says it happened; its event id is derived from it. */
  now: Date;
}

/**
 * A `PutEvents` entry a newcomer can paste: a fresh event id and the current time, so the sample
 * opens (or updates) a case on every run instead of being ignored as already seen.
 */
const sampleEntries = (busName: string, now: Date): string =>
  JSON.stringify([
    {
      EventBusName: busName,
      Source: 'billing',
      DetailType: 'Account In Arrears',
      Detail: JSON.stringify({
        schemaVersion: 1,
        eventId: `e-${now.getTime()}`,
        customerId: 'cus-1',
        accountId: 'acc-1',
        product: 'credit-card',
        currency: 'GBP',
        arrearsMinor: 12550,
        balanceMinor: 184000,
        daysPastDue: 34,
        missedPayments: 2,
        occurredAt: now.toISOString(),
      }),
    },
  ]);

/**
 * The banner: where each API listens, how to point the AWS CLI and SDKs at the edge, and a first
 * billing event to put. The sample command stays on one line because a line break inside the
 * `Detail` string would make its JSON invalid.
 *
 * @example console.log(readyBanner({ stackName: 'baton-dev', readySeconds: '8.3', ... }));
 */
const readyBanner = (input: BannerInput): string => `
Baton is running (${input.stackName}, ready in ${input.readySeconds} s).

  AWS APIs (edge)   ${input.edgeUrl}
  HTTP API          ${input.httpUrl ?? '-'}
  WebSocket API     ${input.webSocketUrl ?? '-'}
  data              ${input.dataDir ?? 'in memory (gone at exit)'}

Point the AWS CLI and SDKs at it:
  export AWS_ENDPOINT_URL=${input.edgeUrl}
  export AWS_REGION=${input.region} AWS_DEFAULT_REGION=${input.region}
  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local

Put a billing event (one line):
  aws events put-events --entries '${sampleEntries(input.busName, input.now)}'

Sign in:    npm run token -- --agent ana --team late-stage
Watch:      connect to ${input.webSocketUrl ?? 'the WebSocket API'}?token=<token> and send
            {"action":"subscribe","teams":["late-stage"]}
Act:        curl -H "Authorization: Bearer <token>" ${input.httpUrl ?? ''}/teams/late-stage/queue
Dead letters: npm run dlq -- list

Ctrl-C stops everything.`;

export type { BannerInput };
export { readyBanner };
