import { randomInt } from 'node:crypto';

/** `GenerateSecretString` of an `AWS::SecretsManager::Secret`, as the template gives it. */
interface GenerateSecretString {
  PasswordLength?: number | string;
  ExcludeCharacters?: string;
  ExcludeNumbers?: boolean | string;
  ExcludePunctuation?: boolean | string;
  ExcludeUppercase?: boolean | string;
  ExcludeLowercase?: boolean | string;
  IncludeSpace?: boolean | string;
  RequireEachIncludedType?: boolean | string;
  SecretStringTemplate?: string;
  GenerateStringKey?: string;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

const flag = (value: boolean | string | undefined, fallback: boolean) =>
  value === undefined ? fallback : value === true || value === 'true';

/**
 * A random password as Secrets Manager generates one: the length (32 by default) and character
 * classes the spec asks for, with at least one of each class unless told otherwise; placed in
 * the JSON template under `GenerateStringKey` when both are given.
 */
const generateSecretString = (spec: GenerateSecretString = {}): string => {
  const length = Number(spec.PasswordLength ?? 32);
  const excluded = new Set(spec.ExcludeCharacters ?? '');
  const classes = [
    flag(spec.ExcludeLowercase, false) ? '' : LOWER,
    flag(spec.ExcludeUppercase, false) ? '' : UPPER,
    flag(spec.ExcludeNumbers, false) ? '' : DIGITS,
    flag(spec.ExcludePunctuation, false) ? '' : PUNCTUATION,
    flag(spec.IncludeSpace, false) ? ' ' : '',
  ]
    .map((set) => [...set].filter((c) => !excluded.has(c)).join(''))
    .filter((set) => set.length > 0);
  const alphabet = classes.join('');
  if (!alphabet || !Number.isInteger(length) || length < 1) {
    throw new Error('GenerateSecretString leaves no characters or no length to generate');
  }
  const requireEach = flag(spec.RequireEachIncludedType, true) && length >= classes.length;
  let password = '';
  do {
    password = Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
  } while (requireEach && !classes.every((set) => [...password].some((c) => set.includes(c))));
  if (spec.SecretStringTemplate && spec.GenerateStringKey) {
    const template = JSON.parse(spec.SecretStringTemplate) as Record<string, unknown>;
    return JSON.stringify({ ...template, [spec.GenerateStringKey]: password });
  }
  return password;
};

export type { GenerateSecretString };
export { generateSecretString };
