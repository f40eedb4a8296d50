import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HardenedDemoService, HardeningLevel } from '../src';
import { computeChangeSet } from './lifecycle/change-set';
import { testApp } from './util';

/**
 * Switching a live stack from DEMO to PRODUCTION is an update of the same stack: the same
 * construct ids, a new template. These tests pin what that update does to data.
 */
function fullTemplate(level: HardeningLevel): Record<string, any> {
  const app = testApp();
  const stack = new Stack(app, 'Live', { env: { account: '123456789012', region: 'eu-west-1' } });
  new HardenedDemoService(stack, 'Web', { hardeningLevel: level });
  return Template.fromStack(stack).toJSON();
}

/** Resource types that hold data a deletion would lose (objects, log events, keys that decrypt them, images). */
const DATA_BEARING = ['AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::ECR::Repository'];

/** The tag aws-cdk-lib's auto-delete handler looks for before it empties a bucket on delete. */
const AUTO_DELETE_TAG = 'aws-cdk:auto-delete-objects';

/** Properties whose change makes CloudFormation replace the resource. */
const REPLACING_PROPERTIES: Record<string, string[]> = {
  'AWS::S3::Bucket': ['BucketName', 'ObjectLockEnabled'],
  'AWS::ECR::Repository': ['RepositoryName', 'EncryptionConfiguration'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::EC2::Subnet': ['CidrBlock', 'AvailabilityZone', 'VpcId'],
};

describe('switching a stack from DEMO to PRODUCTION', () => {
  const demoTemplate = fullTemplate(HardeningLevel.DEMO);
  const productionTemplate = fullTemplate(HardeningLevel.PRODUCTION);
  const demo: Record<string, any> = demoTemplate.Resources;
  const production: Record<string, any> = productionTemplate.Resources;
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

  test('what the switch replaces or removes holds no data: the load balancer and the service wiring go; of the data-bearing resources only the repository is replaced, and it is kept', () => {
    const changes = computeChangeSet(demoTemplate, productionTemplate);
    const gone = changes.ofKind('REMOVED', 'REPLACED');
    // The load balancer is replaced (its scheme is create-only): the case this guards.
    const [alb] = idsOf(demo, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(demo[alb].Properties.Scheme).toBe('internet-facing');
    expect(production[alb].Properties.Scheme).toBe('internal');
    expect(changes.kindOf(alb)).toBe('REPLACED');
    // Every resource that changes logical ID (REMOVED here, ADDED under its new ID) or is replaced:
    // none holds data, except the repository, whose old copy the update-replace policy keeps.
    const dataGone = gone.filter((c) => DATA_BEARING.includes(c.typeBefore!));
    expect(dataGone.map((c) => [c.logicalId, c.typeBefore, c.kind])).toEqual([[idsOf(demo, 'AWS::ECR::Repository')[0], 'AWS::ECR::Repository', 'REPLACED']]);
    expect(dataGone[0].after!.UpdateReplacePolicy).toBe('Retain');
  });

  test('the auto-delete custom resource the switch removes empties nothing: the bucket it served loses the tag its handler needs', () => {
    const changes = computeChangeSet(demoTemplate, productionTemplate);
    const autoDelete = changes.ofKind('REMOVED').filter((c) => c.typeBefore === 'Custom::S3AutoDeleteObjects');
    expect(autoDelete).toHaveLength(1);
    const bucketId = autoDelete[0].before!.Properties!.BucketName.Ref;
    const tags = (r: any) => (r.Properties.Tags ?? []).filter((t: any) => t.Key === AUTO_DELETE_TAG);
    expect(tags(demo[bucketId])).toEqual([{ Key: AUTO_DELETE_TAG, Value: 'true' }]);
    // CloudFormation updates the bucket (tag gone) before it deletes the custom resource, whose
    // handler then finds no tag and leaves the objects alone.
    expect(production[bucketId].Type).toBe('AWS::S3::Bucket');
    expect(tags(production[bucketId])).toEqual([]);
  });

  test('switching back to DEMO deletes no data either: every data-bearing resource it removes or replaces is retained', () => {
    const changes = computeChangeSet(productionTemplate, demoTemplate);
    const dataGone = changes.ofKind('REMOVED', 'REPLACED').filter((c) => DATA_BEARING.includes(c.typeBefore!));
    expect(dataGone.length).toBeGreaterThan(0);
    for (const c of dataGone) {
      // A removed resource goes as its old template's DeletionPolicy says; a replaced one as the new template's UpdateReplacePolicy says.
      const policy = c.kind === 'REMOVED' ? c.before!.DeletionPolicy : c.after!.UpdateReplacePolicy;
      expect([c.logicalId, c.kind, policy]).toEqual([c.logicalId, c.kind, expect.stringMatching(/^Retain(ExceptOnCreate)?$/)]);
    }
  });
});
