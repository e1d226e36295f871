import { rmSync } from 'node:fs';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { cdkJsonContext } from './synthesize.ts';

/** Every acknowledgement in the app: rule id and reason, wherever it was made. */
const acknowledgements = (app: App): { id: string; reason: string; path: string }[] =>
  app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          id,
          reason,
          path: construct.node.path,
        })),
      ),
  );

describe('cdk-nag', () => {
  let app: App;
  let failure: unknown;

  beforeAll(() => {
    delete process.env.CDK_VALIDATION;
    app = buildApp({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    try {
      app.synth();
    } catch (error) {
      failure = error;
    }
  }, 180_000);

  afterAll(() => rmSync(app.outdir, { recursive: true, force: true }));

  it('finds nothing unacknowledged in the AWS Solutions and Serverless packs', () => {
    expect(String(failure ?? '')).toBe('');
  });

  it('gives every acknowledgement a specific reason', () => {
    const all = acknowledgements(app);
    expect(all.length).toBeGreaterThan(40);
    for (const { id, reason, path } of all) {
      expect(reason.length, `${id} at ${path}`).toBeGreaterThanOrEqual(40);
    }
  });

  it('acknowledges wildcards finding by finding, never a whole rule', () => {
    const wholeRules = acknowledgements(app).filter(({ id }) => /IAM5$/.test(id));
    expect(wholeRules).toEqual([]);
  });

  it('would report a finding that nobody acknowledged', () => {
    const probe = new Stack(new App(), 'Probe');
    new Queue(probe, 'Plain');
    const rules = [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
      pack.validateScope(probe).violations.map((v) => v.ruleName),
    );
    expect(rules).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS4', 'Serverless-SQSRedrivePolicy']),
    );
  });
});
