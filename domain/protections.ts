import type { Case, Protections } from '#schemas/case.ts';

/**
 * What the case's protections stop. Breathing space stops interest, fees, enforcement and
 * repayment contact; a fraud investigation pauses collection contact; a debt adviser is noted so
 * contact goes through them.
 */
const protectionsOf = (c: Case): Protections => {
  const reasons: Protections['reasons'] = [];
  if (c.flags.breathingSpace) reasons.push('breathing-space');
  if (c.flags.fraud) reasons.push('fraud-investigation');
  if (c.flags.debtAdviser) reasons.push('debt-adviser');
  const breathingSpace = c.flags.breathingSpace !== undefined;
  return {
    collectionContactPaused: breathingSpace || c.flags.fraud !== undefined,
    interestAndFeesFrozen: breathingSpace,
    enforcementStopped: breathingSpace,
    reasons,
  };
};

/** No protections: the state of a case before anything is known. */
const NO_PROTECTIONS: Protections = {
  collectionContactPaused: false,
  interestAndFeesFrozen: false,
  enforcementStopped: false,
  reasons: [],
};

export { NO_PROTECTIONS, protectionsOf };
