import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateJsonSchemas,
  type JsonSchemaDrift,
  jsonSchemaDrift,
  serialiseJsonSchema,
} from '../../schemas/json-schema.ts';

const JSON_DIR = join(import.meta.dirname, '..', '..', 'schemas', 'json');
const FIX = 'run `npm run schemas` and commit schemas/json';

const committed = (): Map<string, string> => {
  const paths = readdirSync(JSON_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(JSON_DIR, join(entry.parentPath, entry.name)).split(sep).join('/'));
  return new Map(paths.map((path) => [path, readFileSync(join(JSON_DIR, path), 'utf8')]));
};

const pathsWith = (drift: JsonSchemaDrift[], problem: JsonSchemaDrift['problem']) =>
  drift.filter((d) => d.problem === problem).map((d) => d.path);

describe('committed JSON Schema', () => {
  const drift = jsonSchemaDrift(committed());

  it('has a file for every schema the zod schemas generate', () => {
    expect(pathsWith(drift, 'missing'), `missing files: ${FIX}`).toEqual([]);
  });

  it('matches what the zod schemas generate now', () => {
    expect(pathsWith(drift, 'out of date'), `out-of-date files: ${FIX}`).toEqual([]);
  });

  it('holds no file the zod schemas no longer generate', () => {
    expect(pathsWith(drift, 'not generated'), `stale files: ${FIX}`).toEqual([]);
  });
});

describe('JSON Schema generation', () => {
  it('gives each schema its $id, draft 2020-12 and the detail-type as title', () => {
    const schema = generateJsonSchemas().get('inbound/account-in-arrears.json');

    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://baton.example/schemas/inbound/account-in-arrears.json',
      title: 'Account In Arrears',
    });
  });

  it('leaves a defaulted field out of required, as a producer may omit it', () => {
    const schema = generateJsonSchemas().get('commands/add-note.json');

    expect(schema).toMatchObject({ properties: { restricted: { default: false } } });
    expect(schema).toHaveProperty('required', ['commandId', 'type', 'text']);
  });

  it('names each file that is missing, out of date or not generated', () => {
    const files = new Map(
      [...generateJsonSchemas()].map(([path, schema]) => [path, serialiseJsonSchema(schema)]),
    );
    files.delete('records/case.json');
    files.set('inbound/payment-received.json', '{}\n');
    files.set('inbound/account-closed.json', '{}\n');

    expect(jsonSchemaDrift(files)).toEqual([
      { path: 'inbound/payment-received.json', problem: 'out of date' },
      { path: 'records/case.json', problem: 'missing' },
      { path: 'inbound/account-closed.json', problem: 'not generated' },
    ]);
  });
});
