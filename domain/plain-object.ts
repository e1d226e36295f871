/** Whether a value is a JSON object: not null, not an array. */
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export { isPlainObject };
