/**
 * Reads the named environment variables once, at cold start. Every missing one is reported in a
 * single error that names them, so a misconfigured function fails before it handles anything.
 *
 * @example const { TABLE_NAME } = readEnv(['TABLE_NAME'])
 */
const readEnv = <K extends string>(
  names: readonly K[],
  defaults: Partial<Record<K, string>> = {},
): Record<K, string> => {
  const values = {} as Record<K, string>;
  const missing: string[] = [];
  for (const name of names) {
    const value = process.env[name] || defaults[name];
    if (value) values[name] = value;
    else missing.push(name);
  }
  if (missing.length) {
    throw new Error(
      `missing environment variable${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    );
  }
  return values;
};

export { readEnv };
