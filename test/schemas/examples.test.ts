import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditRecord } from '../../schemas/audit-record.ts';
import { caseRecord } from '../../schemas/case.ts';
import { caseEventSchemas } from '../../schemas/case-events.ts';
import { caseCommand } from '../../schemas/commands.ts';
import {
  applyDecisionPayload,
  awaitDecisionPayload,
  handoverResponse,
  timeoutPayload,
  workflowHandover,
} from '../../schemas/handover-workflow.ts';
import { inboundEventSchemas, isInboundEventType } from '../../schemas/inbound-events.ts';

/** One `@example` from a doc comment: the comment's first line and the example's text. */
interface DocExample {
  heading: string;
  text: string;
}

const SCHEMAS_DIR = join(import.meta.dirname, '..', '..', 'schemas');

const docExamples = (file: string): DocExample[] =>
  [...readFileSync(join(SCHEMAS_DIR, file), 'utf8').matchAll(/\/\*\*([\s\S]*?)\*\//g)]
    .map(([, body = '']) => body.split('\n').map((line) => line.replace(/^\s*\*?\s?/, '').trim()))
    .filter((lines) => lines.some((line) => line.includes('@example')))
    .map((lines) => {
      const comment = lines.join('\n');
      const afterTag = comment.slice(comment.indexOf('@example') + '@example'.length);
      return {
        heading: lines.find((line) => line !== '') ?? '',
        text: (afterTag.split(/\n@\w/)[0] ?? '').trim(),
      };
    });

const parseJson = (label: string, text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the ${label} example is not JSON: ${text}`, { cause: error });
  }
};

const detailTypeOf = (heading: string): string => /^`([^`]+)`/.exec(heading)?.[1] ?? heading;

const eventExamples = [...docExamples('billing.ts'), ...docExamples('signals.ts')].map(
  ({ heading, text }) => ({ detailType: detailTypeOf(heading), text }),
);

const commandExamples = docExamples('commands.ts').map(({ heading, text }) => ({
  type: /"type":\s*"([^"]+)"/.exec(text)?.[1] ?? `(no type) ${heading}`,
  text,
}));

const caseEventExamples = docExamples('case-events.ts').map(({ heading, text }) => ({
  detailType: detailTypeOf(heading),
  text,
}));

const isCaseEventType = (type: string): type is keyof typeof caseEventSchemas =>
  Object.hasOwn(caseEventSchemas, type);

const commandTypes = caseCommand.options.map((option) => option.shape.type.value);

describe('doc comment examples of inbound events', () => {
  it('name a detail-type Baton consumes in the first line of each comment', () => {
    const unknown = eventExamples.filter(({ detailType }) => !isInboundEventType(detailType));

    expect(unknown.map(({ detailType }) => detailType)).toEqual([]);
  });

  it('cover every inbound detail-type once', () => {
    const detailTypes = eventExamples.map(({ detailType }) => detailType).sort();

    expect(detailTypes).toEqual(Object.keys(inboundEventSchemas).sort());
  });

  it.each(eventExamples)(
    'parses the $detailType example with its schema',
    ({ detailType, text }) => {
      if (!isInboundEventType(detailType)) throw new Error(`no schema for ${detailType}`);
      const json = parseJson(detailType, text);

      expect(inboundEventSchemas[detailType].safeParse(json).error?.issues).toBeUndefined();
    },
  );
});

describe('doc comment examples of commands', () => {
  it('cover every command type once', () => {
    const types = commandExamples.map(({ type }) => type).sort();

    expect(types).toEqual([...commandTypes].sort());
  });

  it.each(commandExamples)('parses the $type example through caseCommand', ({ type, text }) => {
    const result = caseCommand.safeParse(parseJson(type, text));

    expect(result.error?.issues).toBeUndefined();
    expect(result.data?.type).toBe(type);
  });
});

describe('doc comment examples of the events Baton emits', () => {
  it('cover every emitted detail-type once', () => {
    const detailTypes = caseEventExamples.map(({ detailType }) => detailType).sort();

    expect(detailTypes).toEqual(Object.keys(caseEventSchemas).sort());
  });

  it.each(caseEventExamples)(
    'parses the $detailType example with its schema',
    ({ detailType, text }) => {
      if (!isCaseEventType(detailType)) throw new Error(`no schema for ${detailType}`);
      const json = parseJson(detailType, text);

      expect(caseEventSchemas[detailType].safeParse(json).error?.issues).toBeUndefined();
    },
  );
});

describe('doc comment examples of records', () => {
  it.each([
    ['audit record', 'audit-record.ts', auditRecord],
    ['case', 'case.ts', caseRecord],
  ] as const)('parses the %s example with its schema', (label, file, schema) => {
    const [example] = docExamples(file);
    if (!example) throw new Error(`${file} has no example`);

    expect(schema.safeParse(parseJson(label, example.text)).error?.issues).toBeUndefined();
  });
});

describe('doc comment examples of the handover workflow’s payloads', () => {
  const schemas = [
    workflowHandover,
    handoverResponse,
    awaitDecisionPayload,
    applyDecisionPayload,
    timeoutPayload,
  ];

  const examples = docExamples('handover-workflow.ts');

  it('has one example for each payload, in the order the file declares them', () => {
    expect(examples).toHaveLength(schemas.length);
  });

  it.each(examples.map((example, i) => ({ ...example, i })))(
    'parses the example of “$heading” with its schema',
    ({ text, i }) => {
      const schema = schemas[i];
      if (!schema) throw new Error(`no schema for example ${i}`);

      expect(schema.safeParse(parseJson(`example ${i}`, text)).error?.issues).toBeUndefined();
    },
  );
});
