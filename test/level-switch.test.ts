import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HardenedDemoService, HardeningLevel } from '../src';
import { testApp } from './util';

/**
 * Switching a live stack from DEMO to PRODUCTION is an update of the same stack: the same
 * construct ids, a new template. These tests pin what that update does to data.
 */
function template(level: HardeningLevel): Record<string, any> {
  const app = testApp();
  const stack = new Stack(app, 'Live', { env: { account: '123456789012', region: 'eu-west-1' } });
  new HardenedDemoService(stack, 'Web', { hardeningLevel: level });
  return Template.fromStack(stack).toJSON().Resources;
}

/** Properties whose change makes CloudFormation replace the resource. */
const REPLACING_PROPERTIES: Record<string, string[]> = {
  'AWS::S3::Bucket': ['BucketName', 'ObjectLockEnabled'],
  'AWS::ECR::Repository': ['RepositoryName', 'EncryptionConfiguration'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::EC2::Subnet': ['CidrBlock', 'AvailabilityZone', 'VpcId'],
};

describe('switching a stack from DEMO to PRODUCTION', () => {
  const demo = template(HardeningLevel.DEMO);
  const production = template(HardeningLevel.PRODUCTION);
  const idsOf = (resources: Record<string, any>, type: string) => Object.keys(resources).filter((id) => resources[id].Type === type);

  test('the data bucket, the repository and the service log group keep their logical IDs', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::ECR::Repository', 'AWS::Logs::LogGroup']) {
      for (const id of idsOf(demo, type)) {
        expect([id, production[id]?.Type]).toEqual([id, type]);
      }
    }
  });

  test('the data bucket and the log group are updated in place, never replaced', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::Logs::LogGroup']) {
      for (const id of idsOf(demo, type)) {
        for (const prop of REPLACING_PROPERTIES[type]) {
          expect([id, prop, production[id].Properties?.[prop]]).toEqual([id, prop, demo[id].Properties?.[prop]]);
        }
      }
    }
  });

  test('the repository is replaced (its encryption changes) and the DEMO one is kept with its images', () => {
    const [repo] = idsOf(demo, 'AWS::ECR::Repository');
    expect(production[repo].Properties.EncryptionConfiguration).not.toEqual(demo[repo].Properties.EncryptionConfiguration);
    // CloudFormation applies the update-replace policy of the new template to the old repository.
    expect(production[repo].UpdateReplacePolicy).toBe('Retain');
    expect(demo[repo].UpdateReplacePolicy).toBe('Retain');
  });

  test('every data-bearing resource is kept on replacement at both levels', () => {
    for (const resources of [demo, production]) {
      for (const type of ['AWS::S3::Bucket', 'AWS::ECR::Repository']) {
        for (const id of idsOf(resources, type)) {
          expect([id, resources[id].UpdateReplacePolicy]).toEqual([id, 'Retain']);
        }
      }
    }
  });

  test('the public subnets keep their CIDRs (private subnets are added after them)', () => {
    for (const id of idsOf(demo, 'AWS::EC2::Subnet')) {
      expect(production[id]).toBeDefined();
      for (const prop of REPLACING_PROPERTIES['AWS::EC2::Subnet']) {
        expect([id, prop, production[id].Properties[prop]]).toEqual([id, prop, demo[id].Properties[prop]]);
      }
    }
  });

  test('what the switch does replace holds no data: the load balancer (scheme) and the cluster service wiring', () => {
    const [alb] = idsOf(demo, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(demo[alb].Properties.Scheme).toBe('internet-facing');
    expect(production[alb].Properties.Scheme).toBe('internal');
  });
});
