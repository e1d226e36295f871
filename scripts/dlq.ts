import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DeadLetter } from '../local/contracts.ts';
import { REPOSITORY_ROOT, resolveDataFolder } from '../local/data-folder.ts';
import { deadLetterTable } from '../local/dead-letters/format.ts';
import {
  createDeadLetterStore,
  deadLetterDir,
  replayDeadLetter,
} from '../local/dead-letters/index.ts';
import { HEALTH_PATH } from '../local/edge/index.ts';
import { loadStack } from '../local/template/index.ts';

const USAGE = `Lists, shows and replays what the local runtime could not deliver.

usage: npm run dlq -- list [--data DIR]
       npm run dlq -- show ID [--data DIR]
       npm run dlq -- replay ID [--data DIR] [--endpoint URL] [--bus NAME] [--assembly DIR]

  list            every dead letter, oldest first: id, time, source, target, attempts, reason
  show ID         one dead letter as JSON, its payload included
  replay ID       sends it again through the running runtime, then removes it:
                  an EventBridge event is put on its rule's bus again; a failed asynchronous
                  invocation, stream batch or schedule invokes its function again
  --data DIR      the data folder (default BATON_DATA_DIR, else .data/ in the repository)
  --endpoint URL  the running edge (default http://127.0.0.1:$BATON_EDGE_PORT, port 4566)
  --bus NAME      the event bus to put an EventBridge event on (default: its rule's bus,
                  read from the cloud assembly)
  --assembly DIR  the cloud assembly to read rules from (default cdk.out/ in the repository)
  --help          this text

An ID may be shortened to any prefix that names one entry. A runtime started with --in-memory
keeps its dead letters in memory: they are not in the data folder.`;

const fail = (message: string, code = 1): never => {
  console.error(code === 2 ? `${message}\n\n${USAGE}` : message);
  process.exit(code);
};

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        endpoint: { type: 'string' },
        bus: { type: 'string' },
        assembly: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return fail((error as Error).message, 2);
  }
})();

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const [command, id, ...extra] = positionals;
if (!command) fail('give a command: list, show ID or replay ID', 2);
if (extra.length) fail(`unexpected arguments: ${extra.join(' ')}`, 2);

const { dataDir } = resolveDataFolder({ data: values.data });
const store = createDeadLetterStore({ dataDir, inMemory: false });

/** The one entry an id or id prefix names. */
const find = async (given: string | undefined): Promise<DeadLetter> => {
  if (!given) return fail(`${command} needs the ID of a dead letter (see npm run dlq -- list)`, 2);
  const exact = await store.get(given);
  if (exact) return exact;
  const matches = (await store.list()).filter((l) => l.id.startsWith(given));
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    return fail(`${given} names ${matches.length} dead letters; give more of the id`);
  }
  return fail(`no dead letter ${given} in ${deadLetterDir(dataDir)}`);
};

/** The bus a rule is on: from `--bus`, from the rule's ARN, or from the template. */
const busOfRule = (rule: string): string | undefined => {
  if (values.bus) return values.bus;
  const arn = /:rule\/(?:([^/]+)\/)?[^/]+$/.exec(rule);
  if (arn) return arn[1] ?? 'default';
  try {
    const { resources } = loadStack(values.assembly ?? join(REPOSITORY_ROOT, 'cdk.out'), {
      region: 'eu-west-2',
      accountId: '000000000000',
    });
    const found = resources.find(
      (r) =>
        r.type === 'AWS::Events::Rule' &&
        (r.properties.Name === rule || r.ref === rule || r.ref.endsWith(`|${rule}`)),
    );
    if (!found) return undefined;
    const bus = String(found.properties.EventBusName ?? 'default');
    return bus.slice(bus.lastIndexOf('/') + 1);
  } catch {
    return undefined;
  }
};

const replay = async (letter: DeadLetter) => {
  const endpoint = (
    values.endpoint ?? `http://127.0.0.1:${process.env.BATON_EDGE_PORT || 4566}`
  ).replace(/\/$/, '');
  try {
    await fetch(`${endpoint}${HEALTH_PATH}`, { signal: AbortSignal.timeout(3_000) });
  } catch {
    fail(
      `the local runtime is not running at ${endpoint}: start it with npm start (or pass --endpoint)`,
    );
  }
  try {
    const done = await replayDeadLetter(letter, {
      endpoint,
      region: process.env.AWS_REGION || 'eu-west-2',
      busOfRule,
    });
    await store.remove(letter.id);
    console.log(`${letter.id}: ${done}; removed from the dead-letter store`);
  } catch (error) {
    fail(`${letter.id} was not replayed and stays in the store: ${(error as Error).message}`);
  }
};

switch (command) {
  case 'list': {
    if (id) fail(`list takes no ID (got ${id})`, 2);
    const letters = await store.list();
    console.log(
      letters.length ? deadLetterTable(letters) : `No dead letters in ${deadLetterDir(dataDir)}.`,
    );
    break;
  }
  case 'show':
    console.log(JSON.stringify(await find(id), null, 2));
    break;
  case 'replay':
    await replay(await find(id));
    break;
  default:
    fail(`unknown command ${command}: use list, show or replay`, 2);
}
