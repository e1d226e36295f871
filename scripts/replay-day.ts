import { parseArgs } from 'node:util';
import { defaultConfig } from '#domain/config/config.ts';
import { customerDay } from './day/events.ts';
import { seeded } from './day/random.ts';
import { replayDay } from './day/replay.ts';
import { invariantProblems, table, teamLines } from './day/report.ts';

const USAGE = `Replays a realistic day of arrears events through Baton's case domain.

usage: npm run replay -- [--customers N] [--day YYYY-MM-DD] [--seed N]

  --customers N   customers in arrears today (default 300)
  --day DATE      the business day to replay (default 2026-12-03)
  --seed N        seed for the day's randomness (default 7): same seed, same day
  --help          this text

Prints, per team, the open cases it owns at the end of the day, its handover inbox, the
handovers it was asked to take (requested of it or escalated to it) and of those how many it
accepted, declined and let escalate, and the deadlines open on its cases.`;

const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        customers: { type: 'string', default: '300' },
        day: { type: 'string', default: '2026-12-03' },
        seed: { type: 'string', default: '7' },
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
const customers = Number(values.customers);
if (!Number.isInteger(customers) || customers < 1)
  fail('--customers must be a whole number above 0');
if (!/^\d{4}-\d{2}-\d{2}$/.test(values.day) || Number.isNaN(Date.parse(values.day))) {
  fail('--day must be a date in the form YYYY-MM-DD');
}
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail('--seed must be a whole number');

const config = defaultConfig();
const rng = seeded(seed);
const arrivals = Array.from({ length: customers }, (_, i) =>
  customerDay(rng, `cus-${String(i + 1).padStart(5, '0')}`, values.day),
).flat();
console.log(`Replaying ${values.day}: ${arrivals.length} events for ${customers} customers...`);

const started = performance.now();
const result = replayDay(values.day, arrivals, config, rng);
const seconds = ((performance.now() - started) / 1_000).toFixed(2);

const records = [...result.audit.values()].reduce((n, trail) => n + trail.length, 0);
console.log(`\n${table(teamLines(result, config))}\n`);
const closed = result.cases.filter((c) => c.status === 'closed').length;
console.log(
  `${result.cases.length} cases (${closed} closed during the day), ${result.events.length} case ` +
    `events, ${records} audit records, ${result.rejected} commands refused by the rules, in ` +
    `${seconds} s`,
);
const problems = invariantProblems(result, config);
if (problems.length) {
  console.error(`\nInvariants broken:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('Every case has an owner and every audit chain is whole.');
