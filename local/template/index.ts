/**
 * The stack template, read for the local runtime: `loadStack` resolves the cloud assembly's
 * template, and the type registry says which part runs each resource.
 */
export type { UnsupportedResource } from './errors.ts';
export { TemplateError, UnsupportedResourcesError } from './errors.ts';
export type { LoadedStack } from './load-stack.ts';
export { loadStack } from './load-stack.ts';
export type {
  CloudFormationTemplate,
  ResolvedStack,
  StackResource,
  StackSettings,
} from './resolve-stack.ts';
export { resolveTemplate } from './resolve-stack.ts';
export type { LocalPart } from './resource-types.ts';
export {
  checkResourceTypes,
  checkTemplateTypes,
  INERT_TYPES,
  resourcesOf,
  runnableTypes,
} from './resource-types.ts';
