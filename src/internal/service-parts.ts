import type { IConstruct } from 'constructs';
import type { ServiceEdge } from './edge';
import type { ServiceKeys } from './encryption';
import type { ServiceImageRegistry } from './image-registry';
import type { ServiceLoadBalancer } from './load-balancer';
import type { ServiceNetwork } from './network';
import type { HardeningProfile } from './profile';
import type { StackLogBuckets } from './stack-log-buckets';
import type { ServiceStorage } from './storage';
import type { TaskEgress } from './task-egress';
import type { ValidatedInputs } from './validation';
import type { ServiceWebAcl, WebAclScope } from './web-acl';
import type { FargateWebService } from './web-service';
import type { HardenedDemoServiceProps } from '../props';
import type { ResolvedServiceImage } from '../service-image';

/**
 * What one HardenedDemoService is made of: its inputs, its profile and the internal constructs
 * it composed. The report and the posture notices read it; nothing else is kept.
 */
export interface ServiceParts {
  /** The HardenedDemoService. */
  readonly root: IConstruct;
  readonly props: HardenedDemoServiceProps;
  readonly profile: HardeningProfile;
  readonly inputs: ValidatedInputs;
  readonly logRetentionDays: number;
  readonly image: ResolvedServiceImage;
  readonly keys: ServiceKeys;
  readonly storage: ServiceStorage;
  /** The stack's log buckets, when a logging control is on. */
  readonly logBuckets?: StackLogBuckets;
  /** This instance's prefix in the stack's log buckets. */
  readonly logPrefix: string;
  readonly registry: ServiceImageRegistry;
  readonly network: ServiceNetwork;
  readonly web: FargateWebService;
  readonly loadBalancer: ServiceLoadBalancer;
  readonly egress: TaskEgress;
  /** The web ACL the construct created, when WAF is on and no webAclArn was given. */
  readonly webAcl?: ServiceWebAcl;
  /** Where the web ACL sits (created or given), when WAF is on. */
  readonly webAclScope?: WebAclScope;
  /** CloudFront, when the cloudFront control is on. */
  readonly edge?: ServiceEdge;
}
