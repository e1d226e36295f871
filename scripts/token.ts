import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BatonConfig, defaultConfig, loadConfig } from '#domain/config/config.ts';
import { signToken } from '../functions/lib/token.ts';
import { REPOSITORY_ROOT, resolveDataFolder } from '../local/data-folder.ts';
import { readSigningKey, secretFile, tokenSigningSecret } from '../local/secrets/index.ts';
import { loadStack } from '../local/template/index.ts';

const USAGE = `Prints a sign-in token the local runtime's HTTP and WebSocket APIs accept.

usage: npm run token -- --agent NAME --team TEAM [--team TEAM ...] [--lead] [--hours N]

  --agent NAME    the agent the token names (up to 64 characters)
  --team TEAM     a team the agent works in; repeat for several
  --lead          the agent is a team lead
  --hours N       how long the token lasts (default 12)
  --data DIR      the data folder holding the signing key (default BATON_DATA_DIR, else .data/
                  in the repository); the key is generated there if it is not yet
  --assembly DIR  the cloud assembly naming the signing key (default cdk.out/ in the repository)
  --config FILE   the Baton configuration whose teams to accept, as given to npm start --config
                  (default the shipped one)
  --help          this text

The token goes to standard output alone, so it can be captured:
  TOKEN=$(npm run -s token -- --agent ana --team late-stage)
A runtime started with --in-memory keeps its own key in memory: tokens printed here are
accepted only by runtimes that keep their data in the same data folder.`;

const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        agent: { type: 'string' },
        team: { type: 'string', multiple: true, default: [] },
        lead: { type: 'boolean', default: false },
        hours: { type: 'string', default: '12' },
        data: { type: 'string' },
        assembly: { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const agent = values.agent?.trim() ?? '';
if (!agent) fail('give the agent: --agent NAME');
if (agent.length > 64) fail('--agent is at most 64 characters');
const teams = [...new Set(values.team)];
if (teams.length === 0) fail('give at least one team: --team TEAM');
const configOf = (file: string | undefined): BatonConfig => {
  if (!file) return defaultConfig();
  try {
    return loadConfig(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    return fail(`--config ${file}: ${(error as Error).message}`);
  }
};
const known = configOf(values.config).teams.map((t) => t.id);
const unknown = teams.filter((t) => !known.includes(t));
if (unknown.length) fail(`unknown team ${unknown.join(', ')}: the teams are ${known.join(', ')}`);
const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0) fail('--hours must be a number of hours above 0');

const { dataDir } = resolveDataFolder({ data: values.data });
const assembly = values.assembly ?? join(REPOSITORY_ROOT, 'cdk.out');
try {
  const { resources } = loadStack(assembly, { region: 'eu-west-2', accountId: '000000000000' });
  const key = readSigningKey(dataDir, resources);
  const file = secretFile(dataDir, tokenSigningSecret(resources).logicalId);
  const ttlSeconds = Math.round(hours * 3_600);
  const token = signToken(key, { agent, teams, lead: values.lead }, ttlSeconds);
  console.log(token);
  const expires = new Date(Date.now() + ttlSeconds * 1_000).toISOString();
  console.error(`signed with ${file} for ${agent} (${teams.join(', ')}), valid until ${expires}`);
} catch (error) {
  console.error(`cannot sign a token: ${(error as Error).message}`);
  process.exit(1);
}
