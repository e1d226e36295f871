/** A wall-clock minute in some time zone. */
interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a `RangeError` for a time zone the runtime's ICU does not know. */
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** The wall-clock minute an instant falls in, in a time zone. */
const wallTimeAt = (instant: number, timeZone: string): WallTime => {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, Number(part.value)]),
  );
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
};

const asUtc = (t: WallTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);

const sameMinute = (a: WallTime, b: WallTime) =>
  a.year === b.year &&
  a.month === b.month &&
  a.day === b.day &&
  a.hour === b.hour &&
  a.minute === b.minute;

/**
 * The instant a wall-clock minute happens in a time zone: undefined when daylight saving time
 * skips it (spring forward), the first of the two when it happens twice (fall back) — as
 * EventBridge Scheduler skips the one and runs the other once.
 */
const instantOf = (wall: WallTime, timeZone: string): number | undefined => {
  const guess = asUtc(wall);
  const day = 86_400_000;
  const offsets = [guess - day, guess + day].map((t) => asUtc(wallTimeAt(t, timeZone)) - t);
  const candidates = [...new Set(offsets.map((offset) => guess - offset))]
    .filter((instant) => sameMinute(wallTimeAt(instant, timeZone), wall))
    .sort((a, b) => a - b);
  return candidates[0];
};

export type { WallTime };
export { formatterFor, instantOf, wallTimeAt };
