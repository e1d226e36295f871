/** Where identity sources are read from. Header names in lower case. */
interface IdentityInputs {
  headers: Record<string, string>;
  query: Record<string, string>;
  stageVariables: Record<string, string>;
}

const PATTERNS: [RegExp, (inputs: IdentityInputs, name: string) => string | undefined][] = [
  // WebSocket APIs write `route.request.header.X`; HTTP APIs write `$request.header.X`.
  [/^(?:route\.request|\$request)\.header\.(.+)$/i, (i, n) => i.headers[n.toLowerCase()]],
  [/^(?:route\.request|\$request)\.querystring\.(.+)$/i, (i, n) => i.query[n]],
  [/^\$?stageVariables\.(.+)$/, (i, n) => i.stageVariables[n]],
  // Context variables are always there by the time an authorizer runs.
  [/^\$?context\.(.+)$/, () => 'context'],
];

/**
 * The values of an authorizer's identity sources, in order, or undefined when one is missing or
 * empty: API Gateway then answers 401 without calling the authorizer.
 */
const readIdentity = (sources: readonly string[], inputs: IdentityInputs): string[] | undefined => {
  const values: string[] = [];
  for (const source of sources) {
    let value: string | undefined;
    for (const [pattern, read] of PATTERNS) {
      const name = pattern.exec(source.trim())?.[1];
      if (name) {
        value = read(inputs, name);
        break;
      }
    }
    if (!value) return undefined;
    values.push(value);
  }
  return values;
};

export type { IdentityInputs };
export { readIdentity };
