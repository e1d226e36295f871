import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import {
  generateJsonSchemas,
  jsonSchemaDrift,
  serialiseJsonSchema,
} from '../schemas/json-schema.ts';

const USAGE = `Usage: npm run schemas [-- --check]

Writes the JSON Schema of every message Baton reads or writes to schemas/json/,
generated from the zod schemas in schemas/*.ts, and removes files it no longer generates.

Options:
  --check  write nothing; exit 1 naming each file that is out of date, missing or not generated
  --help   print this help`;

const OUT_DIR = join(import.meta.dirname, '..', 'schemas', 'json');

const readCommitted = (): Map<string, string> => {
  if (!existsSync(OUT_DIR)) return new Map();
  const files = readdirSync(OUT_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(OUT_DIR, join(entry.parentPath, entry.name)).split(sep).join('/'));
  return new Map(files.map((path) => [path, readFileSync(join(OUT_DIR, path), 'utf8')]));
};

const check = (): number => {
  const drift = jsonSchemaDrift(readCommitted());
  if (drift.length === 0) {
    console.log('JSON Schema files in schemas/json are up to date');
    return 0;
  }
  for (const { path, problem } of drift) console.error(`schemas/json/${path}: ${problem}`);
  console.error('Run `npm run schemas` to regenerate them.');
  return 1;
};

const write = (): number => {
  const schemas = generateJsonSchemas();
  for (const [path, schema] of schemas) {
    mkdirSync(dirname(join(OUT_DIR, path)), { recursive: true });
    writeFileSync(join(OUT_DIR, path), serialiseJsonSchema(schema));
  }
  const stale = [...readCommitted().keys()].filter((path) => !schemas.has(path));
  for (const path of stale) rmSync(join(OUT_DIR, path));
  console.log(`Wrote ${schemas.size} JSON Schema files to schemas/json`);
  if (stale.length > 0) console.log(`Removed ${stale.length} not generated: ${stale.join(', ')}`);
  return 0;
};

const main = (args: string[]): number => {
  try {
    const { values } = parseArgs({
      args,
      options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    return values.check ? check() : write();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
};

process.exitCode = main(process.argv.slice(2));
