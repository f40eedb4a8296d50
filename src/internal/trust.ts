import { ArnFormat, IResolvable, IResolveContext, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Confused-deputy conditions on the trust policies of service roles.
 *
 * A role trusted by a service principal alone can be assumed by that service on behalf of
 * any account's resource that names it. AWS recommends `aws:SourceAccount` (the account that
 * owns the resource the service acts for) and, where the service documents it, `aws:SourceArn`
 * (which resources) on such trust statements:
 *
 * - `ecs-tasks.amazonaws.com`, task role: both keys, `aws:SourceArn` like
 *   `arn:<partition>:ecs:<region>:<account>:*` (ECS developer guide, "Task IAM role").
 * - `ecs-tasks.amazonaws.com`, task execution role: the ECS guide documents no condition for
 *   it (its trust policy example has none), and the Fargate agent assumes it before the task
 *   exists. Use `sourceArn: false` there: `aws:SourceAccount` only.
 * - `vpc-flow-logs.amazonaws.com`: both keys, `aws:SourceArn` like
 *   `arn:<partition>:ec2:<region>:<account>:vpc-flow-log/*` (VPC user guide, "IAM role for
 *   publishing flow logs to CloudWatch Logs").
 */

/**
 * The service principals whose confused-deputy keys were checked in AWS documentation, with
 * the `aws:SourceArn` pattern for a stack.
 */
const SOURCE_ARN_PATTERNS: { [servicePrincipal: string]: (stack: Stack) => string } = {
  'ecs-tasks.amazonaws.com': (stack) => stack.formatArn({ service: 'ecs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }),
  'vpc-flow-logs.amazonaws.com': (stack) => stack.formatArn({ service: 'ec2', resource: 'vpc-flow-log', resourceName: '*' }),
};

/** Service principals this module accepts. */
export const SOURCE_ARN_PRINCIPALS: readonly string[] = Object.keys(SOURCE_ARN_PATTERNS);

export interface TrustConditionOptions {
  /**
   * Add `aws:SourceArn` (ArnLike, every resource of the service in this stack's region and
   * account) besides `aws:SourceAccount`. Turn it off for a role whose assumption by the
   * service is not documented to carry it (the ECS task execution role).
   *
   * @default true
   */
  readonly sourceArn?: boolean;
}

/** The conditions added to the statements that trust one service principal. */
interface PrincipalConditions {
  readonly StringEquals: { [key: string]: unknown };
  readonly ArnLike?: { [key: string]: unknown };
}

/** Per CfnRole: the conditions per service principal (the lazy wrapper reads it at synthesis). */
const WRAPPED = new WeakMap<iam.CfnRole, Map<string, PrincipalConditions>>();

/**
 * Add `aws:SourceAccount` (and `aws:SourceArn` where documented) to every statement of the
 * role's trust policy that lets `servicePrincipal` assume it.
 *
 * The role keeps its logical ID and its `assumeRolePolicy` document: the CfnRole's
 * `AssumeRolePolicyDocument` is wrapped so it renders the same document with the conditions
 * merged into the matching statements. Calling it again for the same role and principal is a
 * no-op. Synthesis fails, naming the role, when no statement trusts the principal or when a
 * statement trusts it together with other principals (one condition cannot fit both).
 */
export function addConfusedDeputyConditions(role: iam.IRole | undefined, servicePrincipal: string, options: TrustConditionOptions = {}): void {
  if (!(role instanceof iam.Role)) {
    throw new Error(`addConfusedDeputyConditions: ${role ? role.node.path : 'no role given'} is not an iam.Role created in this app (imported roles keep the trust policy they have); add aws:SourceAccount to its trust policy where it is managed.`);
  }
  const cfnRole = role.node.defaultChild as iam.CfnRole;
  const stack = Stack.of(role);
  const pattern = SOURCE_ARN_PATTERNS[servicePrincipal];
  if (!pattern) {
    // Not every service sends these keys when it assumes a role (a condition it does not send
    // locks the service out): only principals whose documentation was checked are accepted.
    throw new Error(`addConfusedDeputyConditions: ${servicePrincipal} is not among the service principals whose confused-deputy condition keys were checked against AWS documentation (${SOURCE_ARN_PRINCIPALS.join(', ')}). Check that the service sends aws:SourceAccount/aws:SourceArn when it assumes a role, then add it to SOURCE_ARN_PATTERNS in src/internal/trust.ts.`);
  }
  const wantSourceArn = options.sourceArn ?? true;
  const conditions: PrincipalConditions = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ...(wantSourceArn ? { ArnLike: { 'aws:SourceArn': pattern!(stack) } } : {}),
  };

  let perPrincipal = WRAPPED.get(cfnRole);
  if (!perPrincipal) {
    perPrincipal = new Map();
    WRAPPED.set(cfnRole, perPrincipal);
    cfnRole.assumeRolePolicyDocument = new ConditionedTrustPolicy(cfnRole.assumeRolePolicyDocument, perPrincipal, role.node.path);
  }
  if (!perPrincipal.has(servicePrincipal)) {
    perPrincipal.set(servicePrincipal, conditions);
  }
}

/** The role's own trust policy document, rendered with the conditions merged in. */
class ConditionedTrustPolicy implements IResolvable {
  public readonly creationStack: string[] = [];
  constructor(
    private readonly original: unknown,
    private readonly perPrincipal: Map<string, PrincipalConditions>,
    private readonly path: string,
  ) {}

  public resolve(context: IResolveContext): unknown {
    return withConditions(context.resolve(this.original), this.perPrincipal, this.path);
  }

  public toString(): string {
    return Token.asString(this);
  }
}

function servicesOf(statement: any): unknown[] {
  const service = statement?.Principal?.Service;
  return service === undefined ? [] : Array.isArray(service) ? service : [service];
}

function actionsOf(statement: any): unknown[] {
  const action = statement?.Action;
  return action === undefined ? [] : Array.isArray(action) ? action : [action];
}

function withConditions(document: any, perPrincipal: Map<string, PrincipalConditions>, path: string): any {
  const statements: any[] = Array.isArray(document?.Statement) ? document.Statement : [];
  const matched = new Set<string>();
  const rendered = statements.map((statement) => {
    const services = servicesOf(statement);
    const trusting = [...perPrincipal.keys()].filter((p) => services.includes(p));
    if (trusting.length === 0 || statement.Effect !== 'Allow' || !actionsOf(statement).includes('sts:AssumeRole')) {
      return statement;
    }
    const otherPrincipals = services.length > 1 || Object.keys(statement.Principal).length > 1;
    if (otherPrincipals) {
      throw new Error(`${path}: its trust policy lets ${trusting.join(', ')} assume it in a statement shared with other principals; aws:SourceAccount/aws:SourceArn for one would lock out the others. Trust each service principal in its own statement.`);
    }
    const principal = trusting[0];
    matched.add(principal);
    const add = perPrincipal.get(principal)!;
    const condition = { ...(statement.Condition ?? {}) };
    for (const [operator, entries] of Object.entries(add)) {
      condition[operator] = { ...(condition[operator] ?? {}), ...entries };
    }
    return { ...statement, Condition: condition };
  });
  const missing = [...perPrincipal.keys()].filter((p) => !matched.has(p));
  if (missing.length > 0) {
    throw new Error(`${path}: no trust statement lets ${missing.join(', ')} assume this role (sts:AssumeRole), so there is nothing to add aws:SourceAccount to. Create the role with assumedBy: new iam.ServicePrincipal('${missing[0]}').`);
  }
  return { ...document, Statement: rendered };
}
