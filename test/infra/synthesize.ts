import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BatonStack } from '../../infra/baton-stack.ts';
import { readConfig } from '../../infra/config.ts';

const CDK_JSON = path.resolve(import.meta.dirname, '../../cdk.json');

/** The context `cdk synth` runs with: cdk.json's feature flags and defaults. */
const cdkJsonContext = (): Record<string, unknown> =>
  JSON.parse(readFileSync(CDK_JSON, 'utf8')).context ?? {};

/**
 * Synthesizes the Baton stack as `cdk synth` would, minus bundling (these tests are about the
 * infrastructure, not the handlers) and minus the template checks, which take seconds per synth:
 * nag.test.ts runs cdk-nag and CDK's CloudFormation validation once for all.
 */
const synthesize = (context: Record<string, unknown> = {}): Template => {
  const app = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: false,
  });
  const config = readConfig(app.node);
  const stack = new BatonStack(app, `baton-${config.stage}`, { config });
  return Template.fromStack(stack);
};

/** A piece of template JSON, which the tests read by CloudFormation's documented shapes. */
// biome-ignore lint/suspicious/noExplicitAny: template JSON is untyped; tests assert its shape.
type Json = any;

/** A CloudFormation resource as the template holds it. */
interface Resource {
  readonly Type: string;
  readonly Properties: Json;
}

/** The one resource of a type whose properties match, with its logical id. */
const only = (template: Template, type: string, props: object = {}): [string, Resource] => {
  const found = Object.entries(template.findResources(type, { Properties: props }));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as [string, Resource];
};

/** The logical id of the function that runs `functions/<handler>.ts` on the dev stage. */
const functionId = (template: Template, handler: string, stage = 'dev'): string =>
  only(template, 'AWS::Lambda::Function', { FunctionName: `baton-${stage}-${handler}` })[0];

/** Every IAM statement attached to a function's role. */
const statementsOf = (template: Template, handler: string): Json[] => {
  const fn = template.findResources('AWS::Lambda::Function')[functionId(template, handler)];
  const roleId = fn?.Properties.Role['Fn::GetAtt'][0];
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => policy.Properties.Roles.some((role: Json) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
};

/** The actions a function's role allows, flattened. */
const actionsOf = (template: Template, handler: string): string[] =>
  statementsOf(template, handler).flatMap((s) => [s.Action].flat());

export type { Json, Resource };
export { actionsOf, cdkJsonContext, functionId, only, statementsOf, synthesize };
