/**
 * How Event Ruler's JSON parser names the token it stopped at, for the messages that quote it:
 * the text of a scalar, or the bracket that opens a container (`]` when nothing is left).
 */
const tokenText = (value: unknown): string => {
  if (value === undefined) return ']';
  if (Array.isArray(value)) return '[';
  if (typeof value === 'object' && value !== null) return '{';
  return String(value);
};

export { tokenText };
