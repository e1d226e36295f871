import type { LocalLogger, LocalSettings } from '../../contracts.ts';
import type { Clock } from '../clock.ts';
import type { Engine } from '../engine.ts';
import { SfnApiError } from '../errors.ts';
import type { SfnStore } from '../store.ts';

/** What the API's actions work with; the store opens on first use. */
interface SfnContext {
  settings: LocalSettings;
  clock: Clock;
  logger: LocalLogger;
  store(): SfnStore;
  engine(): Engine;
}

type Body = Record<string, unknown>;

/** Epoch seconds, as the JSON 1.0 protocol carries timestamps. */
const epochSeconds = (ms: number) => ms / 1000;

const FORBIDDEN_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;

const hasControlCharacter = (name: string) =>
  [...name].some((char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });

/** Names of state machines and executions: 1 to 80 characters, none of AWS's forbidden ones. */
const checkName = (name: unknown): string => {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.length > 80 ||
    FORBIDDEN_NAME.test(name) ||
    hasControlCharacter(name)
  ) {
    throw new SfnApiError('InvalidName', `Invalid Name: '${String(name)}'`);
  }
  return name;
};

const required = (body: Body, field: string): string => {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new SfnApiError(
      'ValidationException',
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
};

const checkArn = (arn: string, kind: 'stateMachine' | 'execution'): string => {
  const parts = arn.split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'states' || parts[5] !== kind) {
    throw new SfnApiError(
      'InvalidArn',
      `Invalid Arn: 'Resource type not valid in this context: ${arn}'`,
    );
  }
  return arn;
};

/** One page of a list, with an opaque token for the next. */
const page = <T>(items: T[], body: Body, defaultSize: number, max = 1000) => {
  const size = Math.min(Number(body.maxResults) || defaultSize, max);
  let offset = 0;
  if (typeof body.nextToken === 'string') {
    try {
      offset = (
        JSON.parse(Buffer.from(body.nextToken, 'base64url').toString('utf8')) as { o: number }
      ).o;
    } catch {
      throw new SfnApiError('InvalidToken', `Invalid Token: '${body.nextToken}'`);
    }
    if (!Number.isInteger(offset) || offset < 0) {
      throw new SfnApiError('InvalidToken', `Invalid Token: '${body.nextToken}'`);
    }
  }
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? offset + size : undefined;
  return {
    items: slice,
    nextToken:
      next === undefined
        ? undefined
        : Buffer.from(JSON.stringify({ o: next })).toString('base64url'),
  };
};

export type { Body, SfnContext };
export { checkArn, checkName, epochSeconds, page, required };
