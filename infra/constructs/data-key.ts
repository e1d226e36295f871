import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Properties of {@link DataKey}. */
interface DataKeyProps {
  /** The stage; the key's alias is `alias/baton-<stage>-data`. */
  readonly stage: string;
}

/**
 * The customer-managed KMS key for everything that holds case data at rest: the table and its
 * stream, the audit exports and the dead-letter queues.
 *
 * Customer-managed rather than AWS-managed because cases carry vulnerability and health
 * circumstances: the key policy is a second lock that IAM grants on the table alone cannot open,
 * CloudTrail names every principal that decrypts, and disabling the key cuts off the table,
 * its backups and the exports at once. It costs $1 a month plus requests.
 */
class DataKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: DataKeyProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      alias: `alias/baton-${props.stage}-data`,
      description: `Baton ${props.stage}: cases, audit exports and dead letters`,
      enableKeyRotation: true,
      // Deleting the key would make every locked audit export unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // EventBridge writes rule dead letters as itself, not through a role CDK can grant.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
  }
}

export type { DataKeyProps };
export { DataKey };
