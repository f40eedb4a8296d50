/**
 * The change-set model and the checks, on tiny hand-written templates: each check flags a
 * bad case and passes a good one, so a green lifecycle suite means something.
 */
import { computeChangeSet, describeChangeSet } from './change-set';
import { checkDataLoss, checkFixedNames, checkTargetGroupAssociations, checkVpcOriginUpdates } from './checks';
import {
  deletedBucketsAreEmptied,
  deletionBlockers,
  endpointsHavePolicies,
  namedRetainedUseRetainExceptOnCreate,
  noDesiredCountWithAutoScaling,
  serviceRolesScopedToSource,
  serviceWaitsForEgressPath,
  vpcOriginWaitsForGateway,
} from './rules';
import { isDataBearing, nameProperties, resourceSchema, specLoadMs } from './schema';
import { CfnTemplate, referencedNames, transitiveDependencies } from './template-graph';

const tpl = (resources: Record<string, any>): CfnTemplate => ({ Resources: resources });
const ref = (id: string) => ({ Ref: id });
const att = (id: string, a: string) => ({ 'Fn::GetAtt': [id, a] });

describe('the resource-schema database', () => {
  test('loads once per process, and the load time is measured', () => {
    const ms = specLoadMs();
    expect(ms).toBeGreaterThan(0);
    expect(specLoadMs()).toBe(ms);
    // Printed so the suite output records it.
    console.log(`@aws-cdk/aws-service-spec db.json.gz loaded in ${ms.toFixed(0)} ms`);
  });

  test('knows create-only properties from the schema', () => {
    expect(resourceSchema('AWS::ElasticLoadBalancingV2::LoadBalancer')!.properties.Scheme.causesReplacement).toBe('yes');
    expect(resourceSchema('AWS::ElasticLoadBalancingV2::LoadBalancer')!.properties.Subnets.causesReplacement ?? 'no').toBe('no');
    expect(resourceSchema('Custom::Whatever')).toBeUndefined();
  });

  test('finds name properties and data-bearing types', () => {
    expect(nameProperties('AWS::Logs::LogGroup')).toContain('LogGroupName');
    expect(nameProperties('AWS::S3::Bucket')).toContain('BucketName');
    expect(nameProperties('AWS::ECR::Repository')).toContain('RepositoryName');
    expect(nameProperties('AWS::ElasticLoadBalancingV2::LoadBalancer')).toContain('Name');
    // References to other resources are not names of their own.
    expect(nameProperties('AWS::EC2::SecurityGroupIngress')).not.toContain('GroupName');
    expect(nameProperties('AWS::EC2::SecurityGroupIngress')).not.toContain('SourceSecurityGroupName');
    expect(isDataBearing('AWS::S3::Bucket')).toBe(true);
    expect(isDataBearing('AWS::KMS::Key')).toBe(true);
    expect(isDataBearing('AWS::ECR::Repository')).toBe(true);
    expect(isDataBearing('AWS::EC2::SecurityGroup')).toBe(false);
  });
});

describe('template graph', () => {
  test('references through Ref, GetAtt (both forms) and Sub, not pseudo parameters or Sub variables', () => {
    const names = referencedNames({
      a: ref('A'),
      b: att('B', 'Arn'),
      c: { 'Fn::GetAtt': 'C.Arn' },
      d: { 'Fn::Sub': 'x-${D}-${E.Arn}-${AWS::Region}-${!Literal}' },
      e: { 'Fn::Sub': ['${F}-${v}', { v: ref('G') }] },
      p: ref('AWS::AccountId'),
    });
    expect([...names].sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
  });

  test('transitive dependencies follow DependsOn and references', () => {
    const t = tpl({ A: { Type: 'X', DependsOn: 'B' }, B: { Type: 'X', Properties: { p: ref('C') } }, C: { Type: 'X' }, D: { Type: 'X' } });
    expect([...transitiveDependencies(t, 'A')].sort()).toEqual(['B', 'C']);
  });
});

const LB = (scheme: string, extra: Record<string, any> = {}) => ({
  Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  Properties: { Scheme: scheme, Subnets: ['subnet-1'], ...extra },
});
const TG = { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, Protocol: 'HTTP', TargetType: 'ip', VpcId: 'vpc-1' } };
const LISTENER = (tg = 'TG') => ({
  Type: 'AWS::ElasticLoadBalancingV2::Listener',
  Properties: { LoadBalancerArn: ref('LB'), Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: ref(tg) }] },
});

describe('change-set model', () => {
  test('added, removed, updated, unchanged', () => {
    const before = tpl({ Keep: LB('internal'), Gone: TG, Upd: LB('internal') });
    const after = tpl({ Keep: LB('internal'), New: TG, Upd: LB('internal', { Subnets: ['subnet-2'] }) });
    const cs = computeChangeSet(before, after);
    expect([cs.kindOf('Keep'), cs.kindOf('Gone'), cs.kindOf('New'), cs.kindOf('Upd')]).toEqual(['UNCHANGED', 'REMOVED', 'ADDED', 'UPDATED']);
    expect(cs.resources.Upd.changes.map((c) => c.path)).toEqual(['Properties.Subnets']);
  });

  test('a create-only top-level property replaces', () => {
    const cs = computeChangeSet(tpl({ LB: LB('internet-facing') }), tpl({ LB: LB('internal') }));
    expect(cs.kindOf('LB')).toBe('REPLACED');
    expect(cs.resources.LB.replacementReasons.join()).toMatch(/Scheme is create-only/);
  });

  test('any change beneath a create-only top-level property replaces', () => {
    const repo = (enc: any) => ({ Type: 'AWS::ECR::Repository', Properties: { EncryptionConfiguration: enc } });
    const cs = computeChangeSet(tpl({ R: repo({ EncryptionType: 'AES256' }) }), tpl({ R: repo({ EncryptionType: 'KMS', KmsKey: 'k' }) }));
    expect(cs.kindOf('R')).toBe('REPLACED');
  });

  test('a create-only property nested in an updatable one replaces; a sibling change updates', () => {
    // Batch ComputeEnvironment ComputeResources is updatable; its SpotIamFleetRole is create-only.
    const ce = (role: string, max: number) => ({ Type: 'AWS::Batch::ComputeEnvironment', Properties: { Type: 'MANAGED', ComputeResources: { SpotIamFleetRole: role, MaxvCpus: max } } });
    const replaced = computeChangeSet(tpl({ C: ce('a', 4) }), tpl({ C: ce('b', 4) }));
    expect(replaced.kindOf('C')).toBe('REPLACED');
    expect(replaced.resources.C.replacementReasons.join()).toMatch(/ComputeResources.SpotIamFleetRole is create-only/);
    expect(computeChangeSet(tpl({ C: ce('a', 4) }), tpl({ C: ce('a', 8) })).kindOf('C')).toBe('UPDATED');
  });

  test('a change of type replaces', () => {
    const cs = computeChangeSet(tpl({ X: { Type: 'AWS::SNS::Topic' } }), tpl({ X: { Type: 'AWS::SQS::Queue' } }));
    expect(cs.kindOf('X')).toBe('REPLACED');
    expect(cs.resources.X.replacementReasons.join()).toMatch(/type changes/);
  });

  test('Metadata alone is no change; a policy change is an update', () => {
    const b = tpl({ L: { Type: 'AWS::Logs::LogGroup', Metadata: { a: 1 } } });
    expect(computeChangeSet(b, tpl({ L: { Type: 'AWS::Logs::LogGroup', Metadata: { a: 2 } } })).kindOf('L')).toBe('UNCHANGED');
    expect(computeChangeSet(b, tpl({ L: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Retain' } })).kindOf('L')).toBe('UPDATED');
  });

  test('replacements propagate through references until stable', () => {
    // LB replaced -> Listener (LoadBalancerArn create-only, refers to LB) replaced -> a rule on
    // that listener (ListenerArn create-only) replaced; the target group only referenced is kept.
    const rule = {
      Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
      Properties: { ListenerArn: ref('Listener'), Priority: 1, Conditions: [], Actions: [{ Type: 'forward', TargetGroupArn: ref('TG') }] },
    };
    const alarm = { Type: 'AWS::CloudWatch::Alarm', Properties: { Dimensions: [{ Name: 'LoadBalancer', Value: att('LB', 'LoadBalancerFullName') }] } };
    const before = tpl({ LB: LB('internet-facing'), Listener: LISTENER(), Rule: rule, TG, Alarm: alarm });
    const after = tpl({ LB: LB('internal'), Listener: LISTENER(), Rule: rule, TG, Alarm: alarm });
    const cs = computeChangeSet(before, after);
    expect(cs.kindOf('LB')).toBe('REPLACED');
    expect(cs.kindOf('Listener')).toBe('REPLACED');
    expect(cs.kindOf('Rule')).toBe('REPLACED');
    expect(cs.kindOf('TG')).toBe('UNCHANGED');
    // Alarm Dimensions are not create-only: the new name is an in-place update.
    expect(cs.kindOf('Alarm')).toBe('UPDATED');
    expect(cs.resources.Alarm.changes[0].viaReplaced).toEqual(['LB']);
    expect(describeChangeSet(cs)).toHaveLength(4);
  });

  test('a Fn::Sub reference to a replaced resource changes the value', () => {
    const sg = (d: string) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: d, VpcId: 'vpc-1' } });
    const log = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Sub': 'group-${SG}' } } };
    const cs = computeChangeSet(tpl({ SG: sg('a'), Log: log }), tpl({ SG: sg('b'), Log: log }));
    expect(cs.kindOf('SG')).toBe('REPLACED');
    expect(cs.kindOf('Log')).toBe('REPLACED');
  });

  test("'maybe' counts as a replacement by default, and as an update on request", () => {
    const vpc = (t: string) => ({ Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', InstanceTenancy: t } });
    const b = tpl({ V: vpc('default') });
    const a = tpl({ V: vpc('dedicated') });
    const cs = computeChangeSet(b, a);
    expect(cs.kindOf('V')).toBe('REPLACED');
    expect(cs.resources.V.maybe).toBe(true);
    expect(computeChangeSet(b, a, { maybe: 'update' }).kindOf('V')).toBe('UPDATED');
  });

  test('custom resources are updated, not replaced, by the model (their handler decides)', () => {
    const c = (v: string) => ({ Type: 'Custom::Thing', Properties: { ServiceToken: 'arn', Value: v } });
    expect(computeChangeSet(tpl({ C: c('a') }), tpl({ C: c('b') })).kindOf('C')).toBe('UPDATED');
  });
});

describe('change-set checks', () => {
  test('target group kept while its load balancer is replaced: flagged', () => {
    const before = tpl({ LB: LB('internet-facing'), Listener: LISTENER(), TG });
    const after = tpl({ LB: LB('internal'), Listener: LISTENER(), TG });
    expect(checkTargetGroupAssociations(computeChangeSet(before, after))).toEqual([
      'target group TG is kept while load balancer LB is replaced (listener Listener forwards to it): the group would be bound to the old and the new load balancer during the update (TargetGroupAssociationLimit)',
    ]);
  });

  test('target group kept while a listener rule on a replaced load balancer forwards to it: flagged', () => {
    const rule = { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: ref('Listener'), Priority: 1, Conditions: [], Actions: [{ Type: 'forward', TargetGroupArn: ref('TG2') }] } };
    const before = tpl({ LB: LB('internet-facing'), Listener: LISTENER(), TG, TG2: TG, Rule: rule });
    const after = tpl({ LB: LB('internal'), Listener: LISTENER(), TG, TG2: TG, Rule: rule });
    const problems = checkTargetGroupAssociations(computeChangeSet(before, after));
    expect(problems.some((p) => p.includes('target group TG2') && p.includes('listener rule Rule'))).toBe(true);
  });

  test('target group replaced along with its load balancer (new logical ID): passes', () => {
    const before = tpl({ LB: LB('internet-facing'), Listener: LISTENER(), TG });
    const after = tpl({ LB: LB('internal'), Listener: LISTENER('TG2'), TG2: TG });
    expect(checkTargetGroupAssociations(computeChangeSet(before, after))).toEqual([]);
  });

  test('a replaced resource that keeps its fixed name: flagged; a changed name: passes', () => {
    const log = (name: string, kms?: string) => ({ Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: name, ...(kms ? { KmsKeyId: kms } : {}) } });
    const repo = (name: string, enc: string) => ({ Type: 'AWS::ECR::Repository', Properties: { RepositoryName: name, EncryptionConfiguration: { EncryptionType: enc } } });
    expect(checkFixedNames(computeChangeSet(tpl({ R: repo('app', 'AES256') }), tpl({ R: repo('app', 'KMS') })))).toEqual([
      'R (AWS::ECR::Repository) is replaced but keeps its fixed RepositoryName app: the replacement cannot be created under a name in use',
    ]);
    expect(checkFixedNames(computeChangeSet(tpl({ R: repo('app', 'AES256') }), tpl({ R: repo('app-v2', 'KMS') })))).toEqual([]);
    // Updated in place (KmsKeyId is not create-only): no problem.
    expect(checkFixedNames(computeChangeSet(tpl({ L: log('g') }), tpl({ L: log('g', 'k') })))).toEqual([]);
  });

  test('a fixed name moved to a new logical ID: flagged', () => {
    const log = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'g' } };
    expect(checkFixedNames(computeChangeSet(tpl({ Old: log }), tpl({ New: log })))).toEqual([
      'New (AWS::Logs::LogGroup) is added with the fixed LogGroupName g of removed Old: it is created while the name is still in use',
    ]);
  });

  test('a fixed name with DeletionPolicy Retain: flagged; RetainExceptOnCreate or a generated name: passes', () => {
    const log = (policy: string, props: any = { LogGroupName: 'g' }) => tpl({ L: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: policy, Properties: props } });
    expect(checkFixedNames(computeChangeSet(log('Retain'), log('Retain')))).toHaveLength(1);
    expect(checkFixedNames(computeChangeSet(log('RetainExceptOnCreate'), log('RetainExceptOnCreate')))).toEqual([]);
    expect(checkFixedNames(computeChangeSet(log('Retain', {}), log('Retain', {})))).toEqual([]);
  });

  test('a data-bearing resource replaced or removed without retention: flagged; retained: passes', () => {
    const repo = (enc: string, policy?: string) => ({ Type: 'AWS::ECR::Repository', ...(policy ? { UpdateReplacePolicy: policy, DeletionPolicy: policy } : {}), Properties: { EncryptionConfiguration: { EncryptionType: enc } } });
    const replaced = checkDataLoss(computeChangeSet(tpl({ R: repo('AES256') }), tpl({ R: repo('KMS') })));
    expect(replaced).toHaveLength(1);
    expect(replaced[0]).toMatch(/^R \(AWS::ECR::Repository\) is replaced with UpdateReplacePolicy Delete \(default\)/);
    expect(checkDataLoss(computeChangeSet(tpl({ R: repo('AES256', 'Retain') }), tpl({ R: repo('KMS', 'Retain') })))).toEqual([]);
    expect(checkDataLoss(computeChangeSet(tpl({ B: { Type: 'AWS::S3::Bucket' } }), tpl({})))).toEqual([
      'B (AWS::S3::Bucket) is removed with DeletionPolicy Delete (default): it and its data are deleted',
    ]);
    expect(checkDataLoss(computeChangeSet(tpl({ B: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'RetainExceptOnCreate' } }), tpl({})))).toEqual([]);
    // Not data-bearing: replacing it loses nothing.
    const sg = (d: string) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: d } });
    expect(checkDataLoss(computeChangeSet(tpl({ S: sg('a') }), tpl({ S: sg('b') })))).toEqual([]);
  });
});

describe('VPC origin updates', () => {
  const origin = (proto: string) => ({ Type: 'AWS::CloudFront::VpcOrigin', Properties: { VpcOriginEndpointConfig: { Arn: 'arn:lb', Name: 'o', OriginProtocolPolicy: proto } } });
  const dist = (originId: string) => ({ Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { Origins: [{ VpcOriginConfig: { VpcOriginId: att(originId, 'Id') } }] } } });
  test('an attached VPC origin updated in place: flagged', () => {
    const problems = checkVpcOriginUpdates(computeChangeSet(tpl({ O: origin('http-only'), D: dist('O') }), tpl({ O: origin('https-only'), D: dist('O') })));
    expect(problems).toEqual([
      'VPC origin O is updated in place (Properties.VpcOriginEndpointConfig) while distribution D uses it: CloudFront refuses updates to an attached VPC origin (409)',
    ]);
  });
  test('a new VPC origin under a new logical ID: passes', () => {
    expect(checkVpcOriginUpdates(computeChangeSet(tpl({ O: origin('http-only'), D: dist('O') }), tpl({ O2: origin('https-only'), D: dist('O2') })))).toEqual([]);
  });
});

describe('lifecycle rules', () => {
  test('named retained resources use RetainExceptOnCreate', () => {
    const log = (policy: string) => tpl({ L: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: policy, Properties: { LogGroupName: 'g' } } });
    expect(namedRetainedUseRetainExceptOnCreate(log('Retain'))).toEqual(['L (AWS::Logs::LogGroup) has the fixed LogGroupName g and DeletionPolicy Retain, not RetainExceptOnCreate']);
    expect(namedRetainedUseRetainExceptOnCreate(log('RetainExceptOnCreate'))).toEqual([]);
  });

  describe('the service waits for its egress path', () => {
    const base = (serviceDependsOn: string[]) =>
      tpl({
        TaskSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 't', SecurityGroupEgress: [{ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' }] } },
        EpSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'e' } },
        EpIngress: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: att('EpSg', 'GroupId'), SourceSecurityGroupId: att('TaskSg', 'GroupId'), IpProtocol: 'tcp' } },
        TaskEgress: { Type: 'AWS::EC2::SecurityGroupEgress', Properties: { GroupId: att('TaskSg', 'GroupId'), DestinationSecurityGroupId: att('EpSg', 'GroupId'), IpProtocol: 'tcp' } },
        Ep: { Type: 'AWS::EC2::VPCEndpoint', Properties: { SecurityGroupIds: [att('EpSg', 'GroupId')] } },
        Svc: { Type: 'AWS::ECS::Service', DependsOn: serviceDependsOn, Properties: { NetworkConfiguration: { AwsvpcConfiguration: { SecurityGroups: [att('TaskSg', 'GroupId')] } } } },
      });
    test('missing dependencies: flagged', () => {
      expect(serviceWaitsForEgressPath(base(['Ep']))).toEqual([
        'Svc (AWS::ECS::Service) has restricted egress but does not depend on EpIngress (AWS::EC2::SecurityGroupIngress): its tasks can start before that path exists',
        'Svc (AWS::ECS::Service) has restricted egress but does not depend on TaskEgress (AWS::EC2::SecurityGroupEgress): its tasks can start before that path exists',
      ]);
    });
    test('all dependencies, some transitively: passes', () => {
      const t = base(['Ep', 'TaskEgress']) as any;
      t.Resources.Ep.DependsOn = ['EpIngress'];
      expect(serviceWaitsForEgressPath(t)).toEqual([]);
    });
    test('egress not restricted: nothing needed', () => {
      const t = base([]) as any;
      t.Resources.TaskSg.Properties.SecurityGroupEgress = [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }];
      expect(serviceWaitsForEgressPath(t)).toEqual([]);
    });
  });

  test('no DesiredCount on an auto-scaled service', () => {
    const t = (desired?: number) =>
      tpl({
        Svc: { Type: 'AWS::ECS::Service', Properties: desired === undefined ? {} : { DesiredCount: desired } },
        Target: { Type: 'AWS::ApplicationAutoScaling::ScalableTarget', Properties: { ServiceNamespace: 'ecs', ResourceId: { 'Fn::Join': ['', ['service/', ref('Cluster'), '/', att('Svc', 'Name')]] } } },
        Cluster: { Type: 'AWS::ECS::Cluster' },
      });
    expect(noDesiredCountWithAutoScaling(t(2))).toEqual(['Svc (AWS::ECS::Service) has DesiredCount 2 while auto scaling manages it: every deployment resets the task count']);
    expect(noDesiredCountWithAutoScaling(t())).toEqual([]);
  });

  test('every VPC endpoint has a policy', () => {
    expect(endpointsHavePolicies(tpl({ E: { Type: 'AWS::EC2::VPCEndpoint', Properties: { ServiceName: 'com.amazonaws.us-east-1.s3' } } }))).toHaveLength(1);
    expect(endpointsHavePolicies(tpl({ E: { Type: 'AWS::EC2::VPCEndpoint', Properties: { PolicyDocument: { Statement: [] } } } }))).toEqual([]);
  });

  test('service roles carry aws:SourceAccount or aws:SourceArn', () => {
    const role = (condition?: any) =>
      tpl({ R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Condition: condition }] } } } });
    expect(serviceRolesScopedToSource(role())).toEqual(['R (AWS::IAM::Role) trusts ecs-tasks.amazonaws.com without an aws:SourceAccount or aws:SourceArn condition']);
    expect(serviceRolesScopedToSource(role({ StringEquals: { 'aws:SourceAccount': '123' } }))).toEqual([]);
    expect(serviceRolesScopedToSource(role({ ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:*' } }))).toEqual([]);
    expect(serviceRolesScopedToSource(role(), ['ecs-tasks.amazonaws.com'])).toEqual([]);
    // Account principals are not service principals.
    const accountRole = tpl({ R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123:root' } }] } } } });
    expect(serviceRolesScopedToSource(accountRole)).toEqual([]);
  });

  test('the VPC origin waits for the gateway attachment', () => {
    const t = (dependsOn?: string) =>
      tpl({ Gw: { Type: 'AWS::EC2::VPCGatewayAttachment' }, O: { Type: 'AWS::CloudFront::VpcOrigin', ...(dependsOn ? { DependsOn: dependsOn } : {}) } });
    expect(vpcOriginWaitsForGateway(t())).toEqual([
      'O (AWS::CloudFront::VpcOrigin) does not depend on Gw (AWS::EC2::VPCGatewayAttachment): it can be created before the VPC has an internet gateway',
    ]);
    expect(vpcOriginWaitsForGateway(t('Gw'))).toEqual([]);
    expect(vpcOriginWaitsForGateway(tpl({ O: { Type: 'AWS::CloudFront::VpcOrigin' } }))).toEqual([]);
  });

  test('buckets deleted with the stack are emptied', () => {
    expect(deletedBucketsAreEmptied(tpl({ B: { Type: 'AWS::S3::Bucket' } }))).toEqual([
      'B (AWS::S3::Bucket) is deleted with the stack but nothing empties it: the stack delete fails once it holds objects',
    ]);
    expect(deletedBucketsAreEmptied(tpl({ B: { Type: 'AWS::S3::Bucket' }, A: { Type: 'Custom::S3AutoDeleteObjects', Properties: { BucketName: ref('B') } } }))).toEqual([]);
    expect(deletedBucketsAreEmptied(tpl({ B: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain' } }))).toEqual([]);
  });

  test('load balancer deletion protection is reported as a deletion blocker', () => {
    const lb = (v: string) => tpl({ LB: LB('internal', { LoadBalancerAttributes: [{ Key: 'deletion_protection.enabled', Value: v }] }) });
    expect(deletionBlockers(lb('true'))).toEqual(['LB (AWS::ElasticLoadBalancingV2::LoadBalancer) has deletion_protection.enabled=true: a stack delete fails until it is turned off']);
    expect(deletionBlockers(lb('false'))).toEqual([]);
  });
});
