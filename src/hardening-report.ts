import { HardeningLevel } from './hardening-level';

/** The state of one control in a hardening report. */
export enum ControlState {
  /** The control is in force. */
  ON = 'ON',
  /** The control is not in force. */
  OFF = 'OFF',
  /** Part of the control is in force; the reason says which part is not. */
  PARTLY = 'PARTLY',
  /** The control does not apply to this kind of infrastructure. */
  NOT_APPLICABLE = 'NOT_APPLICABLE',
  /** The construct cannot tell: the control is set on a resource the team gave (an imported cluster). */
  UNKNOWN = 'UNKNOWN',
}

/** A compliance finding that the construct acknowledges on one of its resources. */
export interface ControlAcknowledgment {
  /** The rule, pack-prefixed (for example `AwsSolutions::AwsSolutions-S1`). */
  readonly rule: string;
  /** The construct path of the resource it is acknowledged on. */
  readonly resource: string;
  /** Why the finding is accepted. */
  readonly reason: string;
}

/** One control of a hardening report. */
export interface HardeningControl {
  /** A stable identifier (the `HardeningOverrides` field name for switchable controls). */
  readonly id: string;
  /** A short title, as in the source notes. */
  readonly title: string;
  /** Whether it is in force. */
  readonly state: ControlState;
  /** What is in force, or why not. */
  readonly reason: string;
  /** Where the state comes from: 'level', 'override', 'fixed' (always on) or 'input' (follows a property such as `certificate`). */
  readonly source: string;
  /** The item of the source notes it comes from, if any. */
  readonly seedReference?: string;
  /** Construct paths of the resources that carry the control. */
  readonly resources: string[];
  /** Compliance findings acknowledged on those resources, with their reasons. */
  readonly acknowledgments: ControlAcknowledgment[];
  /** The fixed monthly cost it adds, in USD (list prices of `HardeningReport.priceDate`). */
  readonly monthlyCostUsd?: number;
  /**
   * What to change to bring the control to full strength.
   *
   * @default - none: the control is in force, or not applicable
   */
  readonly nextStep?: string;
}

/** One security group rule, as the report summarises it. */
export interface SecurityGroupRuleSummary {
  /** The construct path of the security group. */
  readonly securityGroup: string;
  /** 'ingress' or 'egress'. */
  readonly direction: string;
  /** The other side: a CIDR, a prefix list or another security group's path. */
  readonly peer: string;
  /** Protocol and ports, such as 'tcp 443'. */
  readonly ports: string;
  /** The rule's description. */
  readonly description: string;
}

/** One fixed monthly cost driver. */
export interface CostItem {
  /** What costs money. */
  readonly driver: string;
  /** The control that brings it, if one does. */
  readonly control?: string;
  /** How many. */
  readonly quantity: number;
  /** USD per month for one. */
  readonly unitMonthlyUsd: number;
  /** USD per month for all. */
  readonly monthlyUsd: number;
  /** Traffic-driven charges on top, in words. */
  readonly plus?: string;
}

/** A resource this service uses together with other services, and who owns it. */
export interface SharedResource {
  /** The construct path of the resource. */
  readonly resource: string;
  /** What it shares: 'vpc' (every instance in the VPC), 'stack' (every instance in the stack) or 'cluster'. */
  readonly scope: string;
  /** The construct that owns it: removing this owner deletes the resource, removing anything else does not. */
  readonly owner: string;
  /** What it is for. */
  readonly description: string;
}

/** The hardening report of one `HardenedDemoService`: data first, Markdown second. */
export interface HardeningReport {
  /** The construct path of the service. */
  readonly constructPath: string;
  /** The level it was built at. */
  readonly level: HardeningLevel;
  /** Every control, in the order of the source notes. */
  readonly controls: HardeningControl[];
  /**
   * Where the web ACL sits: 'CLOUDFRONT' (on the distribution) or 'REGIONAL' (on the load balancer).
   *
   * @default - none: WAF is off
   */
  readonly webAclScope?: string;
  /** Every security group rule of the service. */
  readonly securityGroupRules: SecurityGroupRuleSummary[];
  /** What this service shares with other instances (by VPC, stack or cluster) and who owns it. */
  readonly sharedResources: SharedResource[];
  /** The fixed monthly cost drivers. */
  readonly costs: CostItem[];
  /** The fixed monthly cost, USD. */
  readonly monthlyCostUsd: number;
  /** The date of the list prices used. */
  readonly priceDate: string;
  /** The region of the list prices used. */
  readonly priceRegion: string;
}
