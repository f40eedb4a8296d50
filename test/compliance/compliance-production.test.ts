/** Compliance of HardenedDemoService: the Production scenarios (see scenario-suite.ts). */
import { describeCompliance } from './scenario-suite';
import { SCENARIOS } from './scenarios';

for (const scenario of SCENARIOS.filter((s) => s.name.startsWith('Production-'))) {
  describeCompliance(scenario);
}
