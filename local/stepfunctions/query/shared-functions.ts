import { createHash } from 'node:crypto';
import { StatesError } from '../errors.ts';

/**
 * What the intrinsic functions and Step Functions' own JSONata functions (`$hash`, `$random`)
 * have in common.
 */

const ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** Lower-case hex digest of the UTF-8 text, or undefined for an algorithm AWS does not offer. */
const hashText = (data: string, algorithm: string): string | undefined => {
  const name = ALGORITHMS[algorithm];
  return name ? createHash(name).update(data, 'utf8').digest('hex') : undefined;
};

/** A seeded generator (mulberry32): the same seed gives the same numbers. */
const seeded = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/**
 * An integer from `start` (inclusive) to `end` (exclusive), as `States.MathRandom` documents it.
 * Differs from AWS: a seed gives a repeatable number, but not the number AWS's generator gives.
 */
const randomInteger = (start: number, end: number, seed?: number): number => {
  if (end <= start) {
    throw new StatesError(
      'States.IntrinsicFailure',
      'States.MathRandom: the end number must be greater than the start number',
    );
  }
  const random = seed === undefined ? Math.random : seeded(seed);
  return start + Math.floor(random() * (end - start));
};

/** A number from 0 (inclusive) to 1 (exclusive), optionally seeded. */
const randomFraction = (seed?: number) => (seed === undefined ? Math.random() : seeded(seed)());

export { hashText, randomFraction, randomInteger };
