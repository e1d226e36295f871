import type { TemplateResource } from '../contracts.ts';
import type { LocalFunction } from './function-config.ts';
import { findFunction } from './function-lookup.ts';

/** A function's `AWS::Lambda::EventInvokeConfig`, or Lambda's defaults without one. */
interface AsyncPolicy {
  maxRetries: number;
  maxEventAgeSeconds: number;
  onFailure?: string;
}

const DEFAULT_POLICY: AsyncPolicy = { maxRetries: 2, maxEventAgeSeconds: 21_600 };

/** Reads the invoke configs by function name, or the problems that keep them from running here. */
const readInvokeConfigs = (resources: TemplateResource[], functions: LocalFunction[]) => {
  const policies = new Map<string, AsyncPolicy>();
  const problems: string[] = [];
  for (const { logicalId, properties: p } of resources) {
    const at = `AWS::Lambda::EventInvokeConfig ${logicalId}`;
    const fn = findFunction(functions, String(p.FunctionName ?? ''));
    if (!fn) problems.push(`${at}: function ${String(p.FunctionName)} is not in the template`);
    if (p.Qualifier !== undefined && p.Qualifier !== '$LATEST') {
      problems.push(`${at}: qualifier ${String(p.Qualifier)} (only $LATEST exists locally)`);
    }
    const destinations = (p.DestinationConfig ?? {}) as Record<string, { Destination?: string }>;
    if (destinations.OnSuccess) {
      problems.push(`${at}: on-success destinations are not delivered locally`);
    }
    if (!fn) continue;
    const onFailure = destinations.OnFailure?.Destination;
    policies.set(fn.name, {
      maxRetries: Number(p.MaximumRetryAttempts ?? DEFAULT_POLICY.maxRetries),
      maxEventAgeSeconds: Number(p.MaximumEventAgeInSeconds ?? DEFAULT_POLICY.maxEventAgeSeconds),
      ...(onFailure ? { onFailure } : {}),
    });
  }
  return { policies, problems };
};

export type { AsyncPolicy };
export { DEFAULT_POLICY, readInvokeConfigs };
