import type { RouteModel } from './template.ts';

/** Literal segments beat `{param}`, which beats a greedy `{proxy+}`: lower is more specific. */
const LITERAL = 0;
const PARAM = 1;
const GREEDY = 2;
type Kind = typeof LITERAL | typeof PARAM | typeof GREEDY;

interface Segment {
  kind: Kind;
  /** The literal text, or the parameter's name. */
  value: string;
}

interface CompiledRoute {
  route: RouteModel;
  method: string;
  segments: Segment[];
}

interface RouteMatch {
  route: RouteModel;
  pathParameters: Record<string, string>;
}

const compile = (route: RouteModel): CompiledRoute | undefined => {
  if (route.routeKey === '$default') return undefined;
  const space = route.routeKey.indexOf(' ');
  const method = route.routeKey.slice(0, space).toUpperCase();
  const path = route.routeKey.slice(space + 1);
  const segments = splitPath(path).map((s): Segment => {
    const param = /^\{([^{}]+?)(\+?)\}$/.exec(s);
    if (!param?.[1]) return { kind: LITERAL, value: s };
    return { kind: param[2] ? GREEDY : PARAM, value: param[1] };
  });
  return { route, method, segments };
};

/** `/a/b` → `['a', 'b']`; `/` → `[]`. A trailing slash keeps its empty segment. */
const splitPath = (path: string): string[] => (path === '/' ? [] : path.slice(1).split('/'));

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** Each segment's kind when the route matches the path, or undefined. */
const matchSegments = (
  compiled: CompiledRoute,
  segments: readonly string[],
): { score: Kind[]; params: Record<string, string> } | undefined => {
  const score: Kind[] = [];
  const params: Record<string, string> = {};
  for (let i = 0; i < compiled.segments.length; i++) {
    const want = compiled.segments[i] as Segment;
    if (want.kind === GREEDY) {
      // A greedy variable takes one or more segments: `/pets/{proxy+}` does not match `/pets`.
      if (i >= segments.length) return undefined;
      params[want.value] = segments.slice(i).map(decode).join('/');
      score.push(GREEDY);
      return { score, params };
    }
    const got = segments[i];
    if (got === undefined) return undefined;
    if (want.kind === LITERAL) {
      if (want.value !== decode(got)) return undefined;
    } else {
      if (got === '') return undefined;
      params[want.value] = decode(got);
    }
    score.push(want.kind);
  }
  return segments.length === compiled.segments.length ? { score, params } : undefined;
};

const compareScores = (a: Kind[], b: Kind[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] as Kind) - (b[i] as Kind);
    if (d) return d;
  }
  // Where one ends in a greedy variable, the longer literal prefix has already decided.
  return b.length - a.length;
};

/**
 * Chooses the route for a request as HTTP APIs do: the most specific path wins (literal
 * segments before `{param}` before greedy `{proxy+}`), a route for the method before `ANY`,
 * and `$default` catches the rest. Paths match case-sensitively.
 */
const createRouteTable = (routes: readonly RouteModel[]) => {
  const compiled = routes.map(compile).filter((c): c is CompiledRoute => c !== undefined);
  const fallback = routes.find((r) => r.routeKey === '$default');

  const match = (method: string, path: string): RouteMatch | undefined => {
    const segments = splitPath(path);
    let best: { c: CompiledRoute; score: Kind[]; params: Record<string, string> } | undefined;
    for (const c of compiled) {
      if (c.method !== method && c.method !== 'ANY') continue;
      const m = matchSegments(c, segments);
      if (!m) continue;
      const better =
        !best ||
        compareScores(m.score, best.score) < 0 ||
        (compareScores(m.score, best.score) === 0 && c.method !== 'ANY' && best.c.method === 'ANY');
      if (better) best = { c, ...m };
    }
    if (best) return { route: best.c.route, pathParameters: best.params };
    return fallback ? { route: fallback, pathParameters: {} } : undefined;
  };

  return { match };
};

type RouteTable = ReturnType<typeof createRouteTable>;

export type { RouteMatch, RouteTable };
export { createRouteTable, splitPath };
