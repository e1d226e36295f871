import type { LocalSettings } from '../contracts.ts';
import type { LocalFunction } from './function-config.ts';

/**
 * Finds a function by any name Lambda accepts: its ARN, a partial ARN
 * (`123456789012:function:name`), its name, each optionally qualified with `:$LATEST`, or the
 * template's logical id. Versions and aliases do not exist locally, so any other qualifier finds
 * nothing.
 */
const findFunction = (
  functions: readonly LocalFunction[],
  id: string,
): LocalFunction | undefined => {
  const parts = id.split(':');
  let name: string | undefined;
  let qualifier: string | undefined;
  let prefix: string | undefined;
  if (id.startsWith('arn:')) {
    if (parts[2] !== 'lambda' || parts[5] !== 'function') return undefined;
    prefix = parts.slice(0, 6).join(':');
    [name, qualifier] = [parts[6], parts[7]];
  } else if (parts[1] === 'function') {
    prefix = parts[0];
    [name, qualifier] = [parts[2], parts[3]];
  } else {
    [name, qualifier] = [parts[0], parts[1]];
  }
  if (!name || (qualifier !== undefined && qualifier !== '$LATEST')) return undefined;
  return functions.find((fn) => {
    if (prefix?.startsWith('arn:')) return fn.arn === `${prefix}:${name}`;
    if (prefix) return fn.name === name && fn.arn.split(':')[4] === prefix;
    return fn.name === name || (qualifier === undefined && fn.logicalId === name);
  });
};

/** The ARN Lambda names in `Function not found: <arn>` for an identifier that matched nothing. */
const arnFor = (id: string, settings: LocalSettings) =>
  id.startsWith('arn:')
    ? id
    : id.includes(':function:')
      ? `arn:aws:lambda:${settings.region}:${id}`
      : `arn:aws:lambda:${settings.region}:${settings.accountId}:function:${id}`;

export { arnFor, findFunction };
