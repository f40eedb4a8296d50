/**
 * The example app: what a team writes to use HardenedDemoService, synthesized offline.
 *
 * Run with `npx projen example`. It needs no AWS account and no network: it writes the
 * cloud assembly to example/cdk.out and prints what each stack contains.
 */
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { summarizeAssembly } from './summary';
import { HardenedDemoService, HardeningLevel } from '../src';

const outdir = process.env.EXAMPLE_OUTDIR ?? path.join(__dirname, 'cdk.out');
const app = new App({ outdir });

// 1. The source notes' posture, in a region-agnostic stack (what `cdk init` writes).
const demo = new Stack(app, 'HardenedDemo-Demo', { description: 'HardenedDemoService at DEMO' });
const demoService = new HardenedDemoService(demo, 'Web', { hardeningLevel: HardeningLevel.DEMO });

// 2. Full production hardening in us-east-1 with a custom domain: CLOUDFRONT-scope WAF,
//    TLS 1.2 viewer minimum, HTTPS from CloudFront to the load balancer. The account and
//    certificate ARNs are placeholders; synthesis does not call AWS.
const account = '123456789012';
const production = new Stack(app, 'HardenedDemo-Production', {
  env: { account, region: 'us-east-1' },
  description: 'HardenedDemoService at PRODUCTION with a custom domain',
});
const certificateArn = `arn:aws:acm:us-east-1:${account}:certificate/11111111-2222-3333-4444-555555555555`;
const productionService = new HardenedDemoService(production, 'Web', {
  hardeningLevel: HardeningLevel.PRODUCTION,
  domainName: 'app.example.com',
  certificate: acm.Certificate.fromCertificateArn(production, 'AlbCertificate', certificateArn),
  cloudFrontCertificate: acm.Certificate.fromCertificateArn(production, 'CloudFrontCertificate', certificateArn),
});

// 3. Production hardening with no domain, in a region-agnostic stack: REGIONAL WAF on the
//    load balancer, the *.cloudfront.net name.
const anyRegion = new Stack(app, 'HardenedDemo-ProductionAnyRegion', { description: 'HardenedDemoService at PRODUCTION, any region' });
const anyRegionService = new HardenedDemoService(anyRegion, 'Web');

const assembly = app.synth();
process.stdout.write(summarizeAssembly(assembly));

// The hardening report of each service (also written into the cloud assembly).
for (const service of [demoService, productionService, anyRegionService]) {
  process.stdout.write(`\n${'='.repeat(100)}\n\n${service.hardeningReportMarkdown()}\n`);
}
