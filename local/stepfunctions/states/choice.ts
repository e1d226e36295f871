import { StatesError } from '../errors.ts';
import { stateFailure } from '../query/payload-template.ts';
import type { StateOutcome, StateRun } from '../run.ts';
import { isObject, type Json } from '../types.ts';
import { ruleMatches } from './choice-rules.ts';
import {
  applyInputPath,
  applyOutputPath,
  evaluateAssign,
  evaluateJsonataField,
  outcome,
  pathScope,
} from './io.ts';

type ChoiceRule = Record<string, unknown> & { Next: string };

const noMatch = () => new StatesError('States.NoChoiceMatched', 'No Matches!');

/** JSONata: the first rule whose `Condition` is true; its Output and Assign, else the state's. */
const runJsonataChoice = async (run: StateRun, rules: ChoiceRule[]): Promise<StateOutcome> => {
  let chosen: ChoiceRule | undefined;
  for (const [index, rule] of rules.entries()) {
    const holds = await evaluateJsonataField(run, rule.Condition, `Choices[${index}].Condition`);
    if (typeof holds !== 'boolean') {
      throw new StatesError(
        'States.QueryEvaluationError',
        stateFailure(
          run.where,
          `The JSONata expression specified for the field 'Condition' returned a non-boolean value: ${JSON.stringify(holds)}`,
        ),
        `Choices[${index}].Condition`,
      );
    }
    if (holds) {
      chosen = rule;
      break;
    }
  }
  const next = chosen?.Next ?? (run.state.Default as string | undefined);
  if (!next) throw noMatch();
  const assignField = chosen?.Assign ?? run.state.Assign;
  const outputField = chosen?.Output ?? run.state.Output;
  const assigned = await evaluateAssign(run, assignField, run.input);
  const output =
    outputField === undefined ? run.input : await evaluateJsonataField(run, outputField, 'Output');
  return outcome(run, output, assigned, next);
};

/** Choice: the first rule that holds picks the next state; else Default; else NoChoiceMatched. */
const runChoice = async (run: StateRun): Promise<StateOutcome> => {
  const rules = (run.state.Choices as ChoiceRule[]) ?? [];
  if (run.language === 'JSONata') return runJsonataChoice(run, rules);
  const effective: Json = applyInputPath(run);
  const scope = pathScope(run, effective);
  const chosen = rules.find((rule) => {
    try {
      return ruleMatches(rule, scope);
    } catch (error) {
      if (error instanceof StatesError) {
        throw new StatesError(error.error, stateFailure(run.where, error.causeText ?? ''));
      }
      throw error;
    }
  });
  const next = chosen?.Next ?? (run.state.Default as string | undefined);
  if (!next) throw noMatch();
  const assign = chosen && isObject(chosen.Assign as Json) ? chosen.Assign : run.state.Assign;
  const assigned = await evaluateAssign(run, assign, effective);
  return outcome(run, applyOutputPath(run, effective), assigned, next);
};

export { runChoice };
