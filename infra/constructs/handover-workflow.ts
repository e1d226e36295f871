import path from 'node:path';
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { BatonFunction } from './baton-function.ts';
import { acknowledgeEach, nagResource } from './nag.ts';

const DEFINITION = path.resolve(import.meta.dirname, '../../statemachines/handover.asl.json');

/** Properties of {@link HandoverWorkflow}. */
interface HandoverWorkflowProps {
  /** The stage; the state machine is named `baton-<stage>-handover`. */
  readonly stage: string;
  /** Records the task token and tells the receiving team (`.waitForTaskToken`). */
  readonly wait: BatonFunction;
  /** Applies an accept or a decline. */
  readonly decide: BatonFunction;
  /** Escalates to the receiving team's fallback when the acceptance SLA passes. */
  readonly escalate: BatonFunction;
  /** Assigns the case to the fallback when the escalation SLA passes too. */
  readonly assignFallback: BatonFunction;
  /** Acceptance SLA for a handover whose input has no `slaSeconds`. @default 86400 */
  readonly acceptanceSlaSeconds?: number;
  /** Escalation SLA when the escalation output has no `escalationSlaSeconds`. @default 14400 */
  readonly escalationSlaSeconds?: number;
  /** Whether the execution log group outlives the stack. @default true */
  readonly retainLogs?: boolean;
}

/**
 * One Standard execution per handover, defined in `statemachines/handover.asl.json` (JSONata)
 * so the local runtime runs the very file AWS runs. Standard, because a handover waits for
 * people for hours or days and task tokens need it; the definition keeps transitions to three to
 * five per handover, as each one is billed.
 */
class HandoverWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: HandoverWorkflowProps) {
    super(scope, id);
    const name = `baton-${props.stage}-handover`;
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${name}`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: (props.retainLogs ?? true) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: name,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(DEFINITION),
      definitionSubstitutions: {
        HandoverWaitFunctionArn: props.wait.function.functionArn,
        HandoverDecideFunctionArn: props.decide.function.functionArn,
        HandoverEscalateFunctionArn: props.escalate.function.functionArn,
        HandoverAssignFallbackFunctionArn: props.assignFallback.function.functionArn,
        DefaultAcceptanceSlaSeconds: String(props.acceptanceSlaSeconds ?? 86_400),
        DefaultEscalationSlaSeconds: String(props.escalationSlaSeconds ?? 14_400),
      },
      // Every state change is logged, but not its data: inputs carry customer circumstances.
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // The definition comes from a file, so CDK cannot see which functions it invokes.
    for (const fn of [props.wait, props.decide, props.escalate, props.assignFallback]) {
      fn.function.grantInvoke(this.stateMachine);
      acknowledgeEach(
        this.stateMachine.role,
        [`AwsSolutions-IAM5[Resource::${nagResource(this, `${fn.function.functionArn}:*`)}]`],
        `:* lets the workflow invoke versions and aliases of ${fn.handlerName}, and no other function.`,
      );
    }
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CloudWatch Logs vended delivery and X-Ray put actions support no resource-level permissions.',
    });
  }
}

export type { HandoverWorkflowProps };
export { HandoverWorkflow };
