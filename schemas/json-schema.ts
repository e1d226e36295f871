import { z } from 'zod';
import { auditRecord } from './audit-record.ts';
import { caseRecord } from './case.ts';
import { caseEventSchemas } from './case-events.ts';
import { caseCommand } from './commands.ts';
import { currency } from './common.ts';
import { inboundEventSchemas } from './inbound-events.ts';

/** Where the published schemas live; each `$id` is this plus the file's relative path. */
const JSON_SCHEMA_BASE_ID = 'https://baton.example/schemas';

type JsonSchemaKind = 'inbound' | 'case-events' | 'commands' | 'records';

/** One file's way of falling out of step with the zod schemas. */
interface JsonSchemaDrift {
  path: string;
  problem: 'missing' | 'out of date' | 'not generated';
}

const kebabCase = (name: string): string => name.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-');

const toJsonSchema = (kind: JsonSchemaKind, title: string, schema: z.ZodType): [string, object] => {
  const path = `${kind}/${kebabCase(title)}.json`;
  const { $schema, ...body } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    // 'input' describes what a producer may send: defaulted fields are optional.
    io: 'input',
    override: ({ zodSchema, jsonSchema }) => {
      // The ISO 4217 check is a refine, which JSON Schema cannot carry; keep at least its shape.
      if (zodSchema === currency) jsonSchema.pattern = '^[A-Z]{3}$';
    },
  });
  return [path, { $schema, $id: `${JSON_SCHEMA_BASE_ID}/${path}`, title, ...body }];
};

/** The JSON Schema of every message Baton reads or writes, keyed by path under `schemas/json/`. */
const generateJsonSchemas = (): Map<string, object> =>
  new Map([
    ...Object.entries(inboundEventSchemas).map(([type, s]) => toJsonSchema('inbound', type, s)),
    ...Object.entries(caseEventSchemas).map(([type, s]) => toJsonSchema('case-events', type, s)),
    ...caseCommand.options.map((s) => toJsonSchema('commands', s.shape.type.value, s)),
    toJsonSchema('records', 'Audit Record', auditRecord),
    toJsonSchema('records', 'Case', caseRecord),
  ]);

/** A schema as its file holds it: 2-space indentation and a trailing newline. */
const serialiseJsonSchema = (schema: object): string => `${JSON.stringify(schema, null, 2)}\n`;

/** Compares committed files (path to text) with what the zod schemas generate now. */
const jsonSchemaDrift = (committed: ReadonlyMap<string, string>): JsonSchemaDrift[] => {
  const generated = generateJsonSchemas();
  const drift: JsonSchemaDrift[] = [];
  for (const [path, schema] of generated) {
    const text = committed.get(path);
    if (text === undefined) drift.push({ path, problem: 'missing' });
    else if (text !== serialiseJsonSchema(schema)) drift.push({ path, problem: 'out of date' });
  }
  for (const path of committed.keys()) {
    if (!generated.has(path)) drift.push({ path, problem: 'not generated' });
  }
  return drift;
};

export type { JsonSchemaDrift };
export { generateJsonSchemas, JSON_SCHEMA_BASE_ID, jsonSchemaDrift, serialiseJsonSchema };
