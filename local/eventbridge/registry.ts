import type { LocalSettings } from '../contracts.ts';
import { busArn, busNameOf } from './arns.ts';
import type { Archive, EventBus, Replay, Rule } from './model.ts';

/** The buses, rules, archives and replays the local bus knows, by name. */
interface Registry {
  settings: LocalSettings;
  buses: Map<string, EventBus>;
  /** Rules by bus name, then by rule name: names are unique per bus. */
  rules: Map<string, Map<string, Rule>>;
  archives: Map<string, Archive>;
  replays: Map<string, Replay>;
}

const createRegistry = (settings: LocalSettings, now: Date): Registry => ({
  settings,
  // The default bus always exists in an account, as on AWS.
  buses: new Map([
    ['default', { name: 'default', arn: busArn(settings, 'default'), createdAt: now }],
  ]),
  rules: new Map([['default', new Map()]]),
  archives: new Map(),
  replays: new Map(),
});

const findBus = (registry: Registry, nameOrArn: string | undefined): EventBus | undefined =>
  registry.buses.get(busNameOf(nameOrArn ?? 'default'));

const rulesOf = (registry: Registry, busName: string): Rule[] => [
  ...(registry.rules.get(busName)?.values() ?? []),
];

const allRules = (registry: Registry): Rule[] =>
  [...registry.rules.values()].flatMap((rules) => [...rules.values()]);

export { allRules, createRegistry, findBus, type Registry, rulesOf };
