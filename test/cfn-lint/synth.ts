/**
 * Synthesize the compliance scenarios (test/compliance/scenarios.ts) into one cloud assembly
 * for cfn-lint, without validation plugins.
 *
 *   npx ts-node --transpile-only --project tsconfig.dev.json test/cfn-lint/synth.ts [outdir]
 *
 * @default outdir test/cfn-lint/cdk.out (git-ignored: every `cdk.out` is)
 */
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { addScenarioStack, SCENARIOS } from '../compliance/scenarios';

const outdir = process.argv[2] ?? path.join(__dirname, 'cdk.out');
const app = new App({ outdir });
for (const scenario of SCENARIOS) {
  addScenarioStack(app, scenario);
}
const assembly = app.synth();
process.stdout.write(`${assembly.stacks.length} stacks written to ${assembly.directory}\n`);
