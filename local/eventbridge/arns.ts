import type { LocalSettings } from '../contracts.ts';

type ArnSettings = Pick<LocalSettings, 'region' | 'accountId'>;

const eventsArn = (settings: ArnSettings, resource: string) =>
  `arn:aws:events:${settings.region}:${settings.accountId}:${resource}`;

const busArn = (settings: ArnSettings, name: string) => eventsArn(settings, `event-bus/${name}`);

/** Rules on the default bus have no bus in their ARN; rules on other buses do, as on AWS. */
const ruleArn = (settings: ArnSettings, bus: string, name: string) =>
  eventsArn(settings, bus === 'default' ? `rule/${name}` : `rule/${bus}/${name}`);

const archiveArn = (settings: ArnSettings, name: string) => eventsArn(settings, `archive/${name}`);
const replayArn = (settings: ArnSettings, name: string) => eventsArn(settings, `replay/${name}`);

/** A bus named by its name or its ARN, as `EventBusName` allows. */
const busNameOf = (nameOrArn: string): string => {
  const match = /^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(nameOrArn);
  return match?.[1] ?? nameOrArn;
};

/** The resource name at the end of an events ARN of one kind (`archive`, `rule`, ...). */
const nameInArn = (arn: string, kind: string): string | undefined =>
  new RegExp(`^arn:aws[\\w-]*:events:[^:]*:[^:]*:${kind}/(.+)$`).exec(arn)?.[1];

export { archiveArn, busArn, busNameOf, nameInArn, replayArn, ruleArn };
