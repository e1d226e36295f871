/** The template asks for something the local runtime cannot give it; the message says what. */
class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly code = 'TEMPLATE';
}

/** A resource the local runtime cannot run, by type and logical id. */
interface UnsupportedResource {
  type: string;
  logicalId: string;
  reason?: string;
}

/** Start-up refuses the template: every resource it cannot run is listed, not just the first. */
class UnsupportedResourcesError extends Error {
  override readonly name = 'UnsupportedResourcesError';
  readonly code = 'UNSUPPORTED_RESOURCES';
  readonly resources: UnsupportedResource[];

  constructor(resources: UnsupportedResource[]) {
    const lines = resources.map(
      (r) => `  ${r.type} (${r.logicalId}) cannot run locally${r.reason ? `: ${r.reason}` : ''}`,
    );
    super(
      `The template has ${resources.length} resource(s) the local runtime cannot run:\n${lines.join('\n')}\n` +
        'Give the type a local part, or add it to INERT_TYPES in local/template/resource-types.ts ' +
        'if it has no behaviour to emulate.',
    );
    this.resources = resources;
  }
}

export type { UnsupportedResource };
export { TemplateError, UnsupportedResourcesError };
