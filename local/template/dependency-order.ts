import { TemplateError } from './errors.ts';
import { referencedIds } from './intrinsics.ts';

interface OrderableResource {
  DependsOn?: string | string[];
  Properties?: unknown;
}

/** Each resource's dependencies: its `DependsOn` and every resource its properties refer to. */
const dependenciesOf = (resources: Record<string, OrderableResource>): Map<string, Set<string>> => {
  const ids = new Set(Object.keys(resources));
  const dependencies = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(resources)) {
    const declared = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
    const found = new Set(
      [...declared, ...referencedIds(resource.Properties ?? {})].filter(
        (d) => d !== id && ids.has(d),
      ),
    );
    dependencies.set(id, found);
  }
  return dependencies;
};

/**
 * The logical ids in an order where each comes after everything it depends on; among those
 * ready at once, the template's own order is kept. A cycle is an error naming its members.
 */
const dependencyOrder = (resources: Record<string, OrderableResource>): string[] => {
  const dependencies = dependenciesOf(resources);
  const pending = Object.keys(resources);
  const placed = new Set<string>();
  const order: string[] = [];
  while (pending.length) {
    const index = pending.findIndex((id) =>
      [...(dependencies.get(id) ?? [])].every((d) => placed.has(d)),
    );
    if (index < 0) {
      throw new TemplateError(
        `these resources depend on each other in a cycle: ${pending.join(', ')}`,
      );
    }
    const [id] = pending.splice(index, 1) as [string];
    placed.add(id);
    order.push(id);
  }
  return order;
};

export { dependenciesOf, dependencyOrder };
