import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '#domain/errors.ts';
import { applyInput } from './apply-input.ts';
import type { CaseStore } from './case-store.ts';
import { DEADLINE_SHARDS } from './table-keys.ts';

/** Cases ticked at once: enough to keep the table busy, few enough for one small function. */
const CONCURRENCY = 8;

/** The ids of open cases whose next action is due before `horizon`, from every index shard. */
async function* dueCaseIds(store: CaseStore, horizon: string): AsyncGenerator<string> {
  for (let shard = 0; shard < DEADLINE_SHARDS; shard++) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await store.db.send(
        new QueryCommand({
          TableName: store.tableName,
          IndexName: 'byNextDeadline',
          KeyConditionExpression: 'gsi2pk = :shard AND gsi2sk < :horizon',
          ExpressionAttributeValues: { ':shard': `DEADLINE#${shard}`, ':horizon': `${horizon}~` },
          ProjectionExpression: 'PK',
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) yield String(item.PK).slice('CASE#'.length);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
}

/**
 * Ticks every case with something due before now plus the warning horizon. A tick with nothing
 * to do writes nothing; a case another writer is changing is left for the next sweep.
 */
const sweepDueCases = async (store: CaseStore, now: Date) => {
  const at = now.toISOString();
  const horizon = new Date(now.getTime() + store.config.policy.approachingHours * 3_600_000);
  const result = { checked: 0, changed: 0, skipped: 0 };
  const inFlight = new Set<Promise<void>>();
  for await (const caseId of dueCaseIds(store, horizon.toISOString())) {
    result.checked += 1;
    const work = applyInput(store, () => store.getCase(caseId), {
      kind: 'tick',
      inputId: `tick:${at}`,
      at,
      correlationId: `sweep:${at}`,
      actor: { kind: 'system', name: 'stall-sweep' },
    })
      .then((decision) => {
        if (decision.outcome === 'applied') result.changed += 1;
      })
      .catch((error: unknown) => {
        if (!(error instanceof DomainError) && (error as Error).name !== 'ConcurrentUpdateError') {
          throw error;
        }
        result.skipped += 1;
      })
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
    if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return result;
};

export { sweepDueCases };
