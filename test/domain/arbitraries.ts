import fc from 'fast-check';
import { defaultConfig } from '#domain/config/config.ts';
import { type InboundEventType, inboundEventSchemas } from '#schemas/inbound-events.ts';

const MINUTE = 60_000;
const DAY = 1_440;
const ACCOUNTS = ['acc-1', 'acc-2', 'acc-3'];
const TEAMS = defaultConfig().teams.map((t) => t.id);
const TYPES = Object.keys(inboundEventSchemas) as InboundEventType[];

const c = <const T>(value: T) => fc.constant(value);
/** True in about `percent` of cases, shrinking to false. */
const chance = (percent: number) => fc.nat({ max: 99 }).map((x) => x >= 100 - percent);
const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

const acc = fc.nat({ max: ACCOUNTS.length - 1 });
/** How long before it reaches Baton a billing event happened: mostly minutes, up to a month. */
const age = fc.oneof(fc.nat({ max: 60 }), fc.nat({ max: 30 * DAY }));
const money = fc.integer({ min: 1, max: 500_000 });
const moneyOrNone = fc.oneof(weighted(4, money), weighted(1, c(0)));
const dpd = fc.nat({ max: 120 });
const missedCount = fc.integer({ min: 1, max: 4 });
/** Who issues a command: the owner's team, the receiving team or any team; a lead or not. */
const who = (receiver: number) =>
  fc.record({
    team: fc.oneof(
      weighted(receiver, c('receiver')),
      weighted(2, c('owner')),
      fc.constantFrom(...TEAMS),
    ),
    lead: chance(30),
  });
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Who = ValueOf<ReturnType<typeof who>>;

const arrears = (arrearsMinor: fc.Arbitrary<number>) =>
  fc.record({ t: c('arrears'), acc, age, arrears: arrearsMinor, dpd, missed: fc.nat({ max: 4 }) });
const paid = fc.record({ t: c('paid'), acc, age, amount: money, left: moneyOrNone });
const missed = fc.record({
  t: c('missed'),
  acc,
  age,
  amount: money,
  late: dpd,
  missed: missedCount,
});
const settled = fc.record({
  t: c('settled'),
  acc,
  age,
  reason: fc.constantFrom('paid-in-full', 'written-off'),
});
const signal = fc.record({
  t: c('signal'),
  type: fc.constantFrom(...TYPES.slice(4)),
  ref: fc.nat({ max: 2 }),
  variant: fc.nat({ max: 3 }),
});
const handover = fc.record({
  t: c('handover'),
  accept: fc.boolean(),
  stale: chance(15),
  who: who(6),
});
const command = fc.record({
  t: c('command'),
  type: fc.constantFrom(
    'note',
    'contact',
    'promise',
    'reassign',
    'close',
    'flag-vulnerability',
    'update-vulnerability',
    'raise-complaint',
    'resolve-complaint',
    'flag-fraud',
    'clear-fraud',
    'flag-financial-difficulty',
    'clear-financial-difficulty',
    'arrears-notice',
  ),
  n: fc.nat({ max: 20 }),
  who: who(1),
});
const timeout = fc.record({ t: c('timeout'), stale: chance(15), flip: chance(10) });
const tick = fc.record({ t: c('tick') });
/** Minutes to weeks: how far the clock moves before a tick. */
const tickGap = fc.oneof(
  fc.integer({ min: 1, max: 59 }),
  fc.integer({ min: 60, max: 2 * DAY }),
  fc.integer({ min: 2 * DAY, max: 21 * DAY }),
);

/** One abstract input; its ids, instants and the handover it names are fixed when it runs. */
const stepArb = fc
  .tuple(
    fc.nat({ max: 240 }),
    tickGap,
    fc.oneof(
      ...[
        weighted(3, arrears(moneyOrNone)),
        weighted(2, paid),
        weighted(2, missed),
        weighted(1, settled),
        weighted(5, signal),
        weighted(5, handover),
        weighted(3, command),
        weighted(2, timeout),
        weighted(3, tick),
      ],
    ),
  )
  .map(([gap, tickMinutes, step]) => ({ ...step, gap: step.t === 'tick' ? tickMinutes : gap }));
type Step = ValueOf<typeof stepArb>;

/** A scenario: where the clock starts and the inputs in order, the first opening a case. */
interface Plan {
  start: number;
  steps: Step[];
}

const planArb = (maxLength = 30): fc.Arbitrary<Plan> =>
  fc
    .record({
      start: fc.nat({ max: 365 * DAY }),
      open: arrears(money).map((s) => ({ ...s, gap: 0 })),
      steps: fc.array(stepArb, { maxLength, size: 'max' }),
    })
    .map(({ start, open, steps }) => ({ start, steps: [open, ...steps] }));

/** Per-account sequences of arrears snapshots, and two interleavings of them. */
interface Interleaved {
  sequences: Step[][];
  orders: [number[], number[]];
}

/** Snapshots are all handled at one instant, so `occurredAt` does not depend on the order. */
const snapshots = (index: number) =>
  fc.array(
    arrears(money).map((s) => ({ ...s, acc: index, gap: 0 })),
    { minLength: 1, maxLength: 4 },
  );

const interleavedArb: fc.Arbitrary<Interleaved> = fc
  .integer({ min: 2, max: ACCOUNTS.length })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => snapshots(i))))
  .chain((sequences) => {
    const labels = sequences.flatMap((s, i) => s.map(() => i));
    const length = labels.length;
    const order = fc.shuffledSubarray(labels, { minLength: length, maxLength: length });
    return fc.record({ sequences: c(sequences), orders: fc.tuple(order, order) });
  });

export type { Interleaved, Plan, Step, Who };
export { ACCOUNTS, DAY, interleavedArb, MINUTE, planArb, TEAMS, TYPES };
