import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CONTROL_IDS, CONTROL_SPECS, weakReason } from './control-specs';
import { HardeningProfile } from './profile';
import type { ServiceParts } from './service-parts';
import { WebAclScope } from './web-acl';

/** The prefix of every warning id this construct raises (acknowledge with it). */
export const WARNING_PREFIX = 'hardened-demo-service';

/** A notice raised at synth. */
export interface PostureNotice {
  readonly id: string;
  readonly message: string;
}

/**
 * The warnings a profile raises: one per control that is off its secure value (a DEMO
 * relaxation, or an override that weakens the level), each naming the control and why.
 */
export function relaxedControlWarnings(profile: HardeningProfile): PostureNotice[] {
  const notices: PostureNotice[] = [];
  for (const id of CONTROL_IDS) {
    const spec = CONTROL_SPECS[id];
    if (profile.controls[id] === spec.presets.secure) {
      continue;
    }
    // A control whose secure value is false (ECS Exec) is weakened by switching it on.
    notices.push({
      id: `${WARNING_PREFIX}:${id}`,
      message: `${spec.title} is ${profile.controls[id] ? 'on' : 'off'} (${weakReason(profile, id)}): ${spec.weakMeans}.`,
    });
  }
  return notices;
}

/** Raise each warning on `scope`, acknowledgeable by its id. */
export function raiseWarnings(scope: IConstruct, notices: PostureNotice[]): void {
  for (const n of notices) {
    Annotations.of(scope).addWarningV2(n.id, `[HardenedDemoService] ${n.message}`);
  }
}

/**
 * Every notice an instance raises at synth: the relaxed controls, the input warnings, what a
 * missing certificate or alarm topic means, and the steps CloudFormation cannot take.
 */
export function raisePostureNotices(p: ServiceParts): void {
  const c = p.profile.controls;
  const notices = relaxedControlWarnings(p.profile);
  for (const w of p.inputs.warnings) {
    notices.push({ id: `${WARNING_PREFIX}:${w.id}`, message: w.message });
  }
  if (!p.props.certificate) {
    notices.push({
      id: `${WARNING_PREFIX}:HttpOnlyLoadBalancer`,
      message: c.cloudFront
        ? 'No certificate: CloudFront reaches the load balancer over HTTP inside the VPC origin connection. Give certificate and domainName for HTTPS end to end.'
        : 'No certificate: the load balancer serves plain HTTP only. Give certificate (an ACM certificate in this region) for HTTPS with TLS 1.2+.',
    });
  }
  if (c.cloudFront && !p.props.cloudFrontCertificate) {
    notices.push({
      id: `${WARNING_PREFIX}:DefaultCloudFrontDomain`,
      message:
        'No domainName/cloudFrontCertificate: CloudFront serves only its *.cloudfront.net name, where the viewer TLS minimum cannot be raised above TLSv1. Give domainName and a us-east-1 cloudFrontCertificate for a TLS 1.2 minimum.',
    });
  }
  raiseWarnings(p.root, notices);
  const info = (scope: IConstruct, message: string) => Annotations.of(scope).addInfo(`[HardenedDemoService] ${message}`);
  if (p.webAclScope === WebAclScope.REGIONAL && c.cloudFront) {
    info(p.root, 'The web ACL is REGIONAL, on the load balancer: a CLOUDFRONT-scope ACL can only be created in us-east-1. Every request still passes it (CloudFront is the only way in). Give webAclArn to use a CLOUDFRONT-scope ACL instead.');
  }
  if (c.mfaDeleteAlternative) {
    info(p.storage.dataBucket,
      'S3 MFA delete cannot be set by CloudFormation. Bucket policies now deny permanent version deletion and versioning changes (except by the root user). ' +
        'For real MFA delete, after deploy the root user runs: aws s3api put-bucket-versioning --bucket <DataBucketName output> ' +
        '--versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "arn:aws:iam::<account-id>:mfa/<root-mfa-device> <current-code>"');
  }
  if (c.alarms && !p.props.alarmTopic) {
    info(p.root, 'The alarms have no actions: give alarmTopic, or route unhealthyTargetsAlarm and serverErrorsAlarm yourself (addAlarmAction).');
  }
}
