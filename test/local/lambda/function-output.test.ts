import { describe, expect, it } from 'vitest';
import { functionLine } from '../../../local/lambda/function-output.ts';

const powertools = JSON.stringify({
  level: 'INFO',
  message: 'event applied',
  timestamp: '2026-12-04T09:15:02.114Z',
  service: 'baton',
  cold_start: false,
  function_name: 'baton-dev-ingest-event',
  function_request_id: '5b1f7c3e-2d4a-4f7b-9a1c-0e8d6f4b2a10',
  correlationId: 'bil-7f3a',
  caseId: 'case-fed91d0046d699d477b5',
});

describe('a function’s output line', () => {
  it('stays JSON with the function’s name added when it is a JSON log line', () => {
    const line = JSON.parse(functionLine(powertools, 'baton-dev-ingest-event'));

    expect(line).toMatchObject({
      function: 'baton-dev-ingest-event',
      message: 'event applied',
      correlationId: 'bil-7f3a',
    });
  });

  it('becomes a JSON line around any other text', () => {
    const line = JSON.parse(functionLine('2026-12-04T09:15:02Z\tabc\tINFO\tplain', 'baton-dev-x'));

    expect(line).toMatchObject({
      function: 'baton-dev-x',
      message: '2026-12-04T09:15:02Z\tabc\tINFO\tplain',
    });
    expect(Date.parse(line.time)).not.toBeNaN();
  });

  it('reads as one short line for people with --pretty, the correlation id kept', () => {
    const line = functionLine(powertools, 'baton-dev-ingest-event', { pretty: true });

    expect(line).toBe(
      '09:15:02.114 info  [baton-dev-ingest-event] event applied caseId=case-fed91d0046d699d477b5 correlationId=bil-7f3a',
    );
  });

  it('reads the metrics of an embedded-metric-format line with --pretty', () => {
    const emf = JSON.stringify({
      _aws: {
        Timestamp: Date.parse('2026-12-04T09:15:02.500Z'),
        CloudWatchMetrics: [{ Namespace: 'Baton', Metrics: [{ Name: 'EventsApplied' }] }],
      },
      service: 'baton',
      EventsApplied: 1,
    });

    expect(functionLine(emf, 'baton-dev-ingest-event', { pretty: true })).toBe(
      '09:15:02.500 metric [baton-dev-ingest-event] EventsApplied=1',
    );
  });
});
