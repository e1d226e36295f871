import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * A policy resource as cdk-nag writes it inside a finding id: intrinsics flattened, so
 * `{ 'Fn::GetAtt': ['CasesTable7FA77C7D', 'Arn'] }` reads `<CasesTable7FA77C7D.Arn>`. Lets an
 * acknowledgement name the exact wildcard it accepts.
 *
 * @example nagResource(fn, `${table.tableArn}/index/*`) // '<CasesTable7FA77C7D.Arn>/index/*'
 */
const nagResource = (scope: IConstruct, resource: string): string => {
  const flatten = (node: unknown): string => {
    if (typeof node === 'string') return node;
    const value = node as Record<string, unknown>;
    if (Array.isArray(value['Fn::Join'])) {
      const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (Array.isArray(value['Fn::GetAtt'])) {
      const [logicalId, attribute] = value['Fn::GetAtt'] as [string, string];
      return `<${logicalId}.${attribute}>`;
    }
    if (value.Ref !== undefined) return `<${String(value.Ref)}>`;
    return JSON.stringify(node);
  };
  return flatten(Stack.of(scope).resolve(resource));
};

/** The KMS actions CDK grants for envelope encryption with the data key, and why they are fine. */
const DATA_KEY_WILDCARDS = {
  findings: [
    'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
  ],
  reason:
    'GenerateDataKey* and ReEncrypt* are the envelope-encryption variants CDK grants for the one data key; the statement names that key only.',
};

/** Acknowledges each IAM5 finding on the construct and everything beneath it. */
const acknowledgeEach = (scope: IConstruct, findings: readonly string[], reason: string): void => {
  for (const id of findings) Validations.of(scope).acknowledge({ id, reason });
};

/** Acknowledges the data key's wildcard actions on a construct that encrypts with it. */
const acknowledgeDataKeyUse = (scope: IConstruct): void => {
  acknowledgeEach(scope, DATA_KEY_WILDCARDS.findings, DATA_KEY_WILDCARDS.reason);
};

export { acknowledgeDataKeyUse, acknowledgeEach, nagResource };
