import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { BatonStack } from './baton-stack.ts';
import { readConfig } from './config.ts';

/**
 * Builds the Baton app: one stack per stage, checked by cdk-nag's AWS Solutions and Serverless
 * packs, whose unacknowledged findings fail synthesis.
 *
 * @example buildApp({ context: { stage: 'test' } }).synth()
 */
const buildApp = (props?: { context?: Record<string, unknown>; outdir?: string }): App => {
  const app = new App(props);
  const config = readConfig(app.node);
  new BatonStack(app, `baton-${config.stage}`, {
    config,
    description: `Baton (${config.stage}): debt-collection cases moving between teams`,
    env: {
      account: process.env.CDK_DEFAULT_ACCOUNT,
      region: process.env.CDK_DEFAULT_REGION,
    },
  });
  // The local runtime synthesizes with `baton:nag` false: the template is the same, and the
  // checks are a gate for deploying, not for running on one machine.
  if (app.node.tryGetContext('baton:nag') !== false) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  }
  return app;
};

if (import.meta.main) {
  buildApp().synth();
}

export { buildApp };
