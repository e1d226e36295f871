import type { RouteModel } from './template.ts';

/** `$request.body.action` or `${request.body.action}` → `['action']`. */
const bodyPath = (expression: string | undefined): string[] | undefined => {
  const match = /^(?:\$request\.body\.(.+)|\$\{request\.body\.(.+)\})$/.exec(expression ?? '');
  const path = match?.[1] ?? match?.[2];
  return path ? path.split('.') : undefined;
};

/**
 * Chooses the route for a message as API Gateway does: the route selection expression is
 * evaluated on the message as JSON; a value naming a route picks it, anything else (not JSON,
 * no such property, no such route, a binary frame) falls to `$default`, if there is one.
 */
const createRouteSelector = (routes: readonly RouteModel[], expression: string | undefined) => {
  const byKey = new Map(
    routes
      .filter((r) => !['$connect', '$disconnect'].includes(r.routeKey))
      .map((r) => [r.routeKey, r]),
  );
  const path = bodyPath(expression);
  return (data: Buffer, isBinary: boolean): RouteModel | undefined => {
    if (!isBinary && path) {
      let value: unknown;
      try {
        value = JSON.parse(data.toString('utf8'));
      } catch {
        value = undefined;
      }
      for (const key of path) {
        value =
          value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      }
      const key =
        typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
      const route = key && key !== '$default' ? byKey.get(key) : undefined;
      if (route) return route;
    }
    return byKey.get('$default');
  };
};

export { createRouteSelector };
