/**
 * Compliance of every scenario under the feature flags `cdk init` writes: aws-cdk-lib's stack-level helpers (the
 * providers of custom resources, their roles and log groups) keep the posture there too.
 */
import * as cxapi from 'aws-cdk-lib/cx-api';
import { describeCompliance } from './scenario-suite';
import { SCENARIOS } from './scenarios';

for (const scenario of SCENARIOS) {
  describeCompliance(scenario, { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS }, ' (recommended flags)');
}
