/**
 * The JSONPath EventBridge evaluates in `InputPath` and `InputPathsMap`: `$`, dot notation
 * (names with dashes, underscores, slashes), bracketed names, array indices and the `*`
 * wildcard. A path that selects nothing gives `undefined`; a wildcard gives the array of what it
 * selects.
 */

type Step = { kind: 'name'; name: string } | { kind: 'index'; index: number } | { kind: 'all' };

const parseSteps = (path: string): Step[] => {
  if (!path.startsWith('$')) throw new Error(`JSON path must start with $: ${path}`);
  const steps: Step[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]|\[\*\]|\[(['"])(.*?)\3\]/gy;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const start = pattern.lastIndex;
    const match = pattern.exec(path);
    if (!match) throw new Error(`Unsupported JSON path at ${start}: ${path}`);
    const [token, dotted, index, , quoted] = match;
    if (dotted === '*' || token === '[*]') steps.push({ kind: 'all' });
    else if (dotted !== undefined) steps.push({ kind: 'name', name: dotted });
    else if (index !== undefined) steps.push({ kind: 'index', index: Number(index) });
    else steps.push({ kind: 'name', name: quoted ?? '' });
  }
  return steps;
};

const stepInto = (value: unknown, step: Step): unknown[] => {
  if (step.kind === 'all') {
    if (Array.isArray(value)) return value;
    return typeof value === 'object' && value !== null ? Object.values(value) : [];
  }
  if (step.kind === 'index')
    return Array.isArray(value) && step.index < value.length ? [value[step.index]] : [];
  if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.hasOwn(value, step.name)
  ) {
    return [(value as Record<string, unknown>)[step.name]];
  }
  return [];
};

const selectPath = (document: unknown, path: string): unknown => {
  const steps = parseSteps(path.trim());
  let selected: unknown[] = [document];
  for (const step of steps) selected = selected.flatMap((value) => stepInto(value, step));
  if (steps.some((step) => step.kind === 'all')) return selected.length > 0 ? selected : undefined;
  return selected[0];
};

export { selectPath };
