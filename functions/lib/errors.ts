/**
 * Errors of the persistence and integration layer. Like the domain's, their `name`s are a
 * contract with the state machines' Retry and Catch.
 */

/** Another writer changed the case first, every time we tried: retry the whole step later. */
class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
  readonly code = 'CONCURRENT_UPDATE';
}

/** The case asked for does not exist. */
class CaseNotFoundError extends Error {
  override readonly name = 'CaseNotFoundError';
  readonly code = 'CASE_NOT_FOUND';
}

/** The caller's token is missing, malformed, expired or not signed by us. */
class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
  readonly code = 'UNAUTHORIZED';
}

export { CaseNotFoundError, ConcurrentUpdateError, UnauthorizedError };
