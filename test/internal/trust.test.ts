import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { addConfusedDeputyConditions, SOURCE_ARN_PRINCIPALS } from '../../src/internal/trust';
import { testApp } from '../util';

const ACCOUNT = '123456789012';
const usEast1 = () => new Stack(testApp(), 'T', { env: { account: ACCOUNT, region: 'us-east-1' } });
const agnostic = () => new Stack(testApp(), 'T');

function trustOf(stack: Stack, role: iam.Role): any {
  const id = stack.getLogicalId(role.node.defaultChild as CfnElement);
  return Template.fromStack(stack).toJSON().Resources[id].Properties.AssumeRolePolicyDocument;
}

describe('addConfusedDeputyConditions', () => {
  test('ECS task role: aws:SourceAccount and aws:SourceArn (every ECS resource of this account and region)', () => {
    const s = usEast1();
    const role = new iam.Role(s, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    addConfusedDeputyConditions(role, 'ecs-tasks.amazonaws.com');
    expect(trustOf(s, role)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:us-east-1:123456789012:*']] } },
        },
      }],
    });
  });

  test('ECS task execution role with sourceArn: false: aws:SourceAccount only', () => {
    const s = usEast1();
    const role = new iam.Role(s, 'ExecutionRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    addConfusedDeputyConditions(role, 'ecs-tasks.amazonaws.com', { sourceArn: false });
    expect(trustOf(s, role).Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '123456789012' } });
  });

  test('VPC flow logs: the flow-log ARN pattern', () => {
    const s = usEast1();
    const role = new iam.Role(s, 'FlowLogRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
    addConfusedDeputyConditions(role, 'vpc-flow-logs.amazonaws.com');
    expect(trustOf(s, role).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:vpc-flow-log/*']] } },
    });
  });

  test('region-agnostic stack: the account, region and partition of the deploying stack', () => {
    const s = agnostic();
    const role = new iam.Role(s, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    addConfusedDeputyConditions(role, 'ecs-tasks.amazonaws.com');
    expect(trustOf(s, role).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: {
        'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':*']] },
      },
    });
  });

  test('the role keeps its logical ID and its other properties; a second call changes nothing', () => {
    const build = (condition: boolean) => {
      const s = usEast1();
      const role = new iam.Role(s, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      if (condition) {
        addConfusedDeputyConditions(role, 'ecs-tasks.amazonaws.com');
        addConfusedDeputyConditions(role, 'ecs-tasks.amazonaws.com');
      }
      return Template.fromStack(s).toJSON().Resources;
    };
    const plain = build(false);
    const conditioned = build(true);
    expect(Object.keys(conditioned)).toEqual(Object.keys(plain));
    const [id] = Object.keys(plain);
    expect(conditioned[id].Properties.AssumeRolePolicyDocument.Statement).toHaveLength(1);
    const { AssumeRolePolicyDocument: _a, ...rest } = conditioned[id].Properties;
    const { AssumeRolePolicyDocument: _b, ...plainRest } = plain[id].Properties;
    expect(rest).toEqual(plainRest);
  });

  test('existing conditions are kept, other statements untouched', () => {
    const s = usEast1();
    const role = new iam.Role(s, 'Role', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com').withConditions({ StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }),
    });
    role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], principals: [new iam.AccountPrincipal(ACCOUNT)] }));
    addConfusedDeputyConditions(role, 'ecs-tasks.amazonaws.com', { sourceArn: false });
    const statements = trustOf(s, role).Statement;
    expect(statements[0].Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': 'us-east-1', 'aws:SourceAccount': '123456789012' } });
    expect(statements[1].Condition).toBeUndefined();
  });

  test('knows the documented source ARNs of the principals it is used for', () => {
    expect([...SOURCE_ARN_PRINCIPALS].sort()).toEqual(['ecs-tasks.amazonaws.com', 'vpc-flow-logs.amazonaws.com']);
  });

  test('refuses what it cannot do, naming the role and the fix', () => {
    const s = usEast1();
    const imported = iam.Role.fromRoleArn(s, 'Imported', `arn:aws:iam::${ACCOUNT}:role/x`);
    const notARole = ' is not an iam.Role created in this app (imported roles keep the trust policy they have); add aws:SourceAccount to its trust policy where it is managed.';
    expect(() => addConfusedDeputyConditions(imported, 'ecs-tasks.amazonaws.com')).toThrow(`addConfusedDeputyConditions: T/Imported${notARole}`);
    expect(() => addConfusedDeputyConditions(undefined, 'ecs-tasks.amazonaws.com')).toThrow(`addConfusedDeputyConditions: no role given${notARole}`);

    // A service that may not send the keys when it assumes a role would be locked out.
    const lambdaRole = new iam.Role(s, 'LambdaRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    for (const sourceArn of [true, false]) {
      expect(() => addConfusedDeputyConditions(lambdaRole, 'lambda.amazonaws.com', { sourceArn })).toThrow(
        'addConfusedDeputyConditions: lambda.amazonaws.com is not among the service principals whose confused-deputy condition keys were checked against AWS documentation ' +
          '(ecs-tasks.amazonaws.com, vpc-flow-logs.amazonaws.com). Check that the service sends aws:SourceAccount/aws:SourceArn when it assumes a role, ' +
          'then add it to SOURCE_ARN_PATTERNS in src/internal/trust.ts.',
      );
    }

    const wrong = new iam.Role(s, 'Wrong', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    addConfusedDeputyConditions(wrong, 'ecs-tasks.amazonaws.com');
    expect(() => Template.fromStack(s)).toThrow(
      'T/Wrong: no trust statement lets ecs-tasks.amazonaws.com assume this role (sts:AssumeRole), so there is nothing to add aws:SourceAccount to. ' +
        "Create the role with assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com').",
    );
  });

  test('refuses a statement shared with other principals', () => {
    const s = usEast1();
    const role = new iam.Role(s, 'Shared', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      principals: [new iam.ServicePrincipal('ecs-tasks.amazonaws.com'), new iam.ServicePrincipal('lambda.amazonaws.com')],
    }));
    addConfusedDeputyConditions(role, 'ecs-tasks.amazonaws.com');
    expect(() => Template.fromStack(s)).toThrow(
      'T/Shared: its trust policy lets ecs-tasks.amazonaws.com assume it in a statement shared with other principals; ' +
        'aws:SourceAccount/aws:SourceArn for one would lock out the others. Trust each service principal in its own statement.',
    );
  });
});
