/** A line a function wrote, as JSON when it is a JSON object (as Powertools writes), else text. */
const parsed = (line: string): Record<string, unknown> | undefined => {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/** What Powertools adds to every line about the invocation: the pretty line leaves it out. */
const LAMBDA_CONTEXT_KEYS = new Set([
  'service',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'sampling_rate',
  'xray_trace_id',
]);

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** An embedded-metric-format line, as Powertools Metrics writes one: its metrics, by name. */
const metricsLine = (json: Record<string, unknown>, name: string): string => {
  const aws = json._aws as {
    Timestamp?: number;
    CloudWatchMetrics?: { Metrics?: { Name: string }[] }[];
  };
  const time = new Date(aws.Timestamp ?? Date.now()).toISOString().slice(11, 23);
  const names = (aws.CloudWatchMetrics ?? []).flatMap((m) => m.Metrics ?? []).map((m) => m.Name);
  const values = names.map((metric) => `${metric}=${text(json[metric])}`);
  return `${time} ${'metric'.padEnd(5)} [${name}] ${values.join(' ')}`;
};

/**
 * One line of a function's own output as the runtime prints it: a JSON log line stays that line
 * with the function's name added, and any other text becomes a JSON line around it, so the whole
 * log reads as JSON; `pretty` gives the short human line the runtime's own services print.
 *
 * @example functionLine('{"level":"INFO","message":"case opened"}', 'baton-dev-ingest-event')
 */
const functionLine = (line: string, name: string, options: { pretty?: boolean } = {}): string => {
  const json = parsed(line);
  if (!options.pretty) {
    return json
      ? JSON.stringify({ function: name, ...json })
      : JSON.stringify({ time: new Date().toISOString(), function: name, message: line });
  }
  if (!json)
    return `${new Date().toISOString().slice(11, 23)} ${'out'.padEnd(5)} [${name}] ${line}`;
  if (json._aws) return metricsLine(json, name);
  const { timestamp, level, message, correlationId, correlation_id, ...rest } = json;
  const time =
    typeof timestamp === 'string'
      ? timestamp.slice(11, 23)
      : new Date().toISOString().slice(11, 23);
  const id = correlationId ?? correlation_id;
  const extra = Object.entries(rest)
    .filter(([k]) => !LAMBDA_CONTEXT_KEYS.has(k))
    .map(([k, v]) => `${k}=${text(v)}`);
  if (id !== undefined) extra.push(`correlationId=${text(id)}`);
  const head = `${time} ${String(level ?? 'info')
    .toLowerCase()
    .padEnd(5)} [${name}] ${text(message ?? '')}`;
  return extra.length ? `${head} ${extra.join(' ')}` : head;
};

export { functionLine };
