/**
 * One benchmark app: `node bench/synth-app.js <variant> <outdir> [count]`.
 *
 * A whole CDK app, one region-agnostic stack `Bench`, synthesized into <outdir>; it prints
 * its peak memory as one JSON line. Plain JavaScript against the compiled library (lib/), so
 * no TypeScript compiler runs in the process bench/run.ts times.
 *
 * Variants: empty (the floor), peer (aws-ecs-patterns ApplicationLoadBalancedFargateService,
 * the image and port HardenedDemoService uses by default), demo, production; and peer-shared
 * and production-shared: <count> services given one VPC and one ECS cluster.
 */
'use strict';
const path = require('node:path');
const { App, Stack } = require('aws-cdk-lib');

const [variant, outdir, count = '1'] = process.argv.slice(2);
const root = path.resolve(__dirname, '..');

function service(stack, id, vpc, cluster) {
  if (variant.startsWith('peer')) {
    const ecs = require('aws-cdk-lib/aws-ecs');
    const { Platform } = require('aws-cdk-lib/aws-ecr-assets');
    const { ApplicationLoadBalancedFargateService } = require('aws-cdk-lib/aws-ecs-patterns');
    const image = ecs.ContainerImage.fromAsset(path.join(root, 'assets', 'sample-app'), { platform: Platform.LINUX_AMD64 });
    // aws-ecs-patterns takes vpc or cluster, not both: the cluster, which is in the VPC.
    new ApplicationLoadBalancedFargateService(stack, id, { taskImageOptions: { image, containerPort: 3000 }, cluster });
  } else {
    const { HardenedDemoService, HardeningLevel } = require(path.join(root, 'lib'));
    const hardeningLevel = variant === 'demo' ? HardeningLevel.DEMO : HardeningLevel.PRODUCTION;
    new HardenedDemoService(stack, id, { hardeningLevel, vpc, cluster });
  }
}

const app = new App({ outdir });
const stack = new Stack(app, 'Bench'); // no env: region-agnostic, no context lookups
if (variant.endsWith('-shared')) {
  const ec2 = require('aws-cdk-lib/aws-ec2');
  const ecs = require('aws-cdk-lib/aws-ecs');
  const vpc = new ec2.Vpc(stack, 'SharedVpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'SharedCluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
  for (let i = 0; i < Number(count); i++) {
    service(stack, `Service${String(i).padStart(2, '0')}`, vpc, cluster); // no id the prefix of another
  }
} else if (variant !== 'empty') {
  service(stack, 'Service');
}
app.synth();
process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }) + '\n');
