import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TemplateError } from './errors.ts';
import {
  type CloudFormationTemplate,
  type ResolveOptions,
  resolveTemplate,
  type StackResource,
  type StackSettings,
} from './resolve-stack.ts';

interface ManifestArtifact {
  type: string;
  environment?: string;
  displayName?: string;
  properties?: { templateFile?: string; stackName?: string; directoryName?: string };
}

interface StackArtifact {
  id: string;
  stackName: string;
  templateFile: string;
  environment: { account?: string; region?: string };
  template: CloudFormationTemplate;
}

/** A stack of the cloud assembly, resolved for the local runtime. */
interface LoadedStack {
  stackName: string;
  /** The template file read, absolute. */
  templateFile: string;
  /** The account and region the assembly was synthesized for, where it names them. */
  environment: { account?: string; region?: string };
  /** Every resource the template keeps, in dependency order. */
  resources: StackResource[];
  outputs: Record<string, string>;
  /** What the orchestrator should tell the operator about the assembly. */
  warnings: string[];
  /**
   * The file or folder of an asset in the cloud assembly, by hash or by the S3 object key the
   * template names (`<hash>.zip` for a function's `Code.S3Key`, `<hash>.json` for a state
   * machine's `DefinitionS3Location.Key`).
   */
  assetDir(hashOrKey: string): string;
}

const readJson = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TemplateError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
};

const parseEnvironment = (environment = ''): { account?: string; region?: string } => {
  const [, account, region] = /^aws:\/\/([^/]*)\/(.*)$/.exec(environment) ?? [];
  return {
    account: account && !account.startsWith('unknown-') ? account : undefined,
    region: region && !region.startsWith('unknown-') ? region : undefined,
  };
};

/** Every stack of an assembly, nested assemblies (CDK stages) included. */
const stacksOf = (dir: string): StackArtifact[] => {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new TemplateError(`no cloud assembly at ${dir} (no manifest.json): synthesize first`);
  }
  const manifest = readJson(manifestFile) as { artifacts?: Record<string, ManifestArtifact> };
  return Object.entries(manifest.artifacts ?? {}).flatMap(([id, artifact]): StackArtifact[] => {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      return stacksOf(join(dir, artifact.properties.directoryName));
    }
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) {
      return [];
    }
    const templateFile = join(dir, artifact.properties.templateFile);
    return [
      {
        id,
        stackName: artifact.properties.stackName ?? artifact.displayName ?? id,
        templateFile,
        environment: parseEnvironment(artifact.environment),
        template: readJson(templateFile) as CloudFormationTemplate,
      },
    ];
  });
};

const definesTable = (template: CloudFormationTemplate) =>
  Object.values(template.Resources ?? {}).some((r) => r.Type === 'AWS::DynamoDB::Table');

/** Asset hashes to paths, from every asset manifest in the assembly folder. */
const assetPaths = (dir: string): Map<string, string> => {
  const paths = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.assets.json'))) {
    const manifest = readJson(join(dir, file)) as {
      files?: Record<string, { source?: { path?: string } }>;
    };
    for (const [hash, asset] of Object.entries(manifest.files ?? {})) {
      if (asset.source?.path) paths.set(hash, join(dir, asset.source.path));
    }
  }
  return paths;
};

const assetLocator = (dir: string) => {
  let paths: Map<string, string> | undefined;
  return (hashOrKey: string): string => {
    paths ??= assetPaths(dir);
    const hash = hashOrKey.replace(/\.[a-z]+$/, '');
    const candidates = [
      paths.get(hash),
      join(dir, `asset.${hash}`),
      join(dir, `asset.${hashOrKey}`),
      join(dir, `asset.${hash}.json`),
    ];
    const found = candidates.find((c) => c !== undefined && existsSync(c));
    if (!found) throw new TemplateError(`asset ${hashOrKey} is not in the cloud assembly ${dir}`);
    return found;
  };
};

/**
 * Loads the application's stack from a cloud assembly folder (`cdk.out`): the stack whose
 * template defines an `AWS::DynamoDB::Table` (or the one named), its intrinsics resolved for
 * the local region and account. `checkTypes` sees the resource types before anything is
 * resolved (the runtime refuses those it cannot run there).
 *
 * @example loadStack('cdk.out', { region: 'eu-west-2', accountId: '000000000000' })
 */
const loadStack = (
  assemblyDir: string,
  settings: StackSettings,
  options: { stackName?: string } & ResolveOptions = {},
): LoadedStack => {
  const dir = resolve(assemblyDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new TemplateError(`no cloud assembly folder at ${dir}: synthesize first`);
  }
  const stacks = stacksOf(dir);
  const stack = options.stackName
    ? stacks.find((s) => s.stackName === options.stackName || s.id === options.stackName)
    : stacks.find((s) => definesTable(s.template));
  if (!stack) {
    const names = stacks.map((s) => s.stackName).join(', ') || 'none';
    throw new TemplateError(
      options.stackName
        ? `no stack ${options.stackName} in ${dir} (stacks: ${names})`
        : `no stack in ${dir} defines an AWS::DynamoDB::Table (stacks: ${names})`,
    );
  }
  const { resources, outputs } = resolveTemplate(stack.template, stack.stackName, settings, {
    ...(options.checkTypes ? { checkTypes: options.checkTypes } : {}),
  });
  const warnings: string[] = [];
  const synthesized = stack.environment.region;
  if (synthesized && synthesized !== settings.region) {
    warnings.push(
      `the cloud assembly was synthesized for ${synthesized} and runs locally as ` +
        `${settings.region}: strings the template spells out with ${synthesized} (IAM ` +
        'conditions, URLs) keep it; synthesize with CDK_DEFAULT_REGION=' +
        `${settings.region} to match`,
    );
  }
  return {
    stackName: stack.stackName,
    templateFile: stack.templateFile,
    environment: stack.environment,
    resources,
    outputs,
    warnings,
    assetDir: assetLocator(dir),
  };
};

export type { LoadedStack };
export { loadStack };
