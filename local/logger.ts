import type { LocalLogger } from './contracts.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * JSON lines on stderr, one per event, with the service name; `pretty` prints one short human
 * line instead. `BATON_LOG_LEVEL` (default `info`) filters.
 */
const createLogger = (
  service = 'baton-local',
  options: { pretty?: boolean; level?: Level; write?: (line: string) => void } = {},
): LocalLogger => {
  const min = ORDER[options.level ?? ((process.env.BATON_LOG_LEVEL as Level) || 'info')] ?? 20;
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log =
    (level: Level) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[level] < min) return;
      const time = new Date().toISOString();
      if (options.pretty) {
        const extra = Object.entries(fields)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ');
        write(
          `${time.slice(11, 23)} ${level.padEnd(5)} [${service}] ${message}${extra ? ` ${extra}` : ''}`,
        );
      } else {
        write(JSON.stringify({ time, level, service, message, ...fields }));
      }
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (name: string) => createLogger(name, options),
  };
};

export { createLogger };
