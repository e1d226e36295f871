import { isRecord } from './http-response.ts';

/** What an authorizer decided, with the context API Gateway passes on to the integration. */
type AuthorizerDecision =
  | { effect: 'Allow'; principalId?: string; context: Record<string, string | number | boolean> }
  | { effect: 'Deny' };

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** IAM's wildcards: `*` any run of characters, `?` one character. */
const globMatches = (pattern: string, value: string): boolean => {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
};

const statementApplies = (statement: Record<string, unknown>, arn: string): boolean => {
  const actions = asList(statement.Action).filter((a): a is string => typeof a === 'string');
  const resources = asList(statement.Resource).filter((r): r is string => typeof r === 'string');
  return (
    actions.some((a) => globMatches(a.toLowerCase(), 'execute-api:invoke')) &&
    resources.some((r) => globMatches(r, arn))
  );
};

/**
 * Reads an authorizer's IAM-policy answer for the ARN being called: an explicit Deny wins, then
 * an Allow that covers the ARN; anything else is a Deny. Context values that are not strings,
 * numbers or booleans make the answer invalid, as API Gateway treats them.
 */
const evaluatePolicy = (result: unknown, arn: string): AuthorizerDecision | 'invalid' => {
  if (!isRecord(result) || !isRecord(result.policyDocument)) return 'invalid';
  const statements = asList(result.policyDocument.Statement).filter(isRecord);
  const context = readContext(result.context);
  if (context === 'invalid') return 'invalid';
  const matching = statements.filter((s) => statementApplies(s, arn));
  if (matching.some((s) => s.Effect === 'Deny')) return { effect: 'Deny' };
  if (!matching.some((s) => s.Effect === 'Allow')) return { effect: 'Deny' };
  const principalId = typeof result.principalId === 'string' ? result.principalId : undefined;
  return { effect: 'Allow', principalId, context };
};

const readContext = (value: unknown): Record<string, string | number | boolean> | 'invalid' => {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) return 'invalid';
  const context: Record<string, string | number | boolean> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return 'invalid';
    context[key] = v;
  }
  return context;
};

export type { AuthorizerDecision };
export { evaluatePolicy, globMatches, readContext };
