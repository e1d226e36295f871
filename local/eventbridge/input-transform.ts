import { eventTime } from './clock.ts';
import { selectPath } from './json-path.ts';
import type { BusEvent, Rule, RuleTarget } from './model.ts';

/** A target's input that cannot be built from the event: not worth retrying. */
class InputTransformationError extends Error {
  override readonly name = 'InputTransformationError';
}

interface Context {
  rule: Rule;
  event: BusEvent;
  ingestedAt: number;
}

const reservedVariables = ({ rule, event, ingestedAt }: Context): Map<string, unknown> => {
  const { detail: _detail, ...withoutDetail } = event;
  return new Map<string, unknown>([
    ['aws.events.rule-arn', rule.arn],
    ['aws.events.rule-name', rule.name],
    ['aws.events.event.ingestion-time', eventTime(ingestedAt)],
    ['aws.events.event', withoutDetail],
    ['aws.events.event.json', event],
  ]);
};

/**
 * A value placed inside a JSON string of the template. EventBridge does not escape it; an object
 * or array loses its inner quotes so that the string stays a string.
 */
const inString = (value: unknown): string => {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value).replaceAll('"', '');
  return String(value);
};

/**
 * A value placed where a JSON value goes: as JSON, so a string gets its quotes.
 * Differs from AWS: AWS does not document what a variable whose path selects nothing becomes
 * there (only that it "isn't created"); locally it is `null`, so that the input stays valid JSON.
 */
const asJson = (value: unknown): string => (value === undefined ? 'null' : JSON.stringify(value));

/** Replaces `<name>` for each known variable, minding whether it sits inside a JSON string. */
const substitute = (template: string, variables: Map<string, unknown>): string => {
  let output = '';
  let quoted = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i] ?? '';
    if (char === '\\' && quoted) {
      output += char + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    const end = char === '<' ? template.indexOf('>', i) : -1;
    const name = end > i ? template.slice(i + 1, end) : undefined;
    if (name !== undefined && variables.has(name)) {
      const value = variables.get(name);
      output += quoted ? inString(value) : asJson(value);
      i = end;
      continue;
    }
    output += char;
  }
  return output;
};

/**
 * A template that is not a JSON object or array is text: one or more JSON strings, one per line,
 * which EventBridge joins with line breaks.
 */
const parseText = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        return typeof parsed === 'string' ? parsed : line;
      } catch {
        return line;
      }
    })
    .join('\n');

const renderTemplate = (
  target: Required<Pick<RuleTarget, 'inputTransformer'>>,
  context: Context,
): unknown => {
  const { pathsMap, template } = target.inputTransformer;
  const variables = reservedVariables(context);
  for (const [name, path] of Object.entries(pathsMap)) {
    try {
      variables.set(name, selectPath(context.event, path));
    } catch (error) {
      throw new InputTransformationError(`InputPathsMap ${name}: ${(error as Error).message}`);
    }
  }
  const text = substitute(template, variables);
  if (!/^\s*[[{]/.test(text)) return parseText(text);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputTransformationError(
      `InputTemplate did not give valid JSON after substitution: ${(error as Error).message}`,
    );
  }
};

/**
 * What a target receives for an event: the event itself, or what its `Input` (constant JSON),
 * `InputPath` or `InputTransformer` (`InputPathsMap` + `InputTemplate`) make of it, as AWS
 * documents in "Amazon EventBridge input transformation".
 */
const targetInput = (target: RuleTarget, context: Context): unknown => {
  if (target.input !== undefined) {
    try {
      return JSON.parse(target.input);
    } catch (error) {
      throw new InputTransformationError(`Input is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (target.inputPath !== undefined) {
    try {
      return selectPath(context.event, target.inputPath) ?? null;
    } catch (error) {
      throw new InputTransformationError(`InputPath: ${(error as Error).message}`);
    }
  }
  if (target.inputTransformer !== undefined) {
    return renderTemplate({ inputTransformer: target.inputTransformer }, context);
  }
  return context.event;
};

export { InputTransformationError, targetInput };
