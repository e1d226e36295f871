import { validationError } from '../errors.ts';

const MAX_LIMIT = 100;

/**
 * One page of a list, with an opaque `NextToken` (the offset, encoded) when more remain.
 * EventBridge's list calls return at most 100 per page.
 */
const page = <T>(items: T[], input: { NextToken?: unknown; Limit?: unknown }) => {
  const limit = input.Limit === undefined ? MAX_LIMIT : Number(input.Limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw validationError(
      `1 validation error detected: Value '${String(input.Limit)}' at 'limit' failed to satisfy constraint: ` +
        `Member must have value less than or equal to ${MAX_LIMIT}`,
    );
  }
  let offset = 0;
  if (input.NextToken !== undefined) {
    offset = Number(Buffer.from(String(input.NextToken), 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0)
      throw validationError('The NextToken is not valid.');
  }
  const slice = items.slice(offset, offset + limit);
  const next =
    offset + limit < items.length
      ? Buffer.from(String(offset + limit)).toString('base64url')
      : undefined;
  return { items: slice, ...(next && { NextToken: next }) };
};

/** JSON 1.1 timestamps: epoch seconds. */
const seconds = (date: Date | undefined) => (date ? date.getTime() / 1_000 : undefined);

export { page, seconds };
