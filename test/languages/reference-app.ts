/**
 * The TypeScript reference for the multi-language consumers (test/languages/{python,java,go}).
 *
 * Every consumer builds exactly these stacks, with the same ids, environments and props, in
 * its own language; compare.js then requires their templates to equal the ones this app
 * writes. Keep the four apps in step when you change one.
 *
 * Run: npx ts-node -P tsconfig.dev.json --transpile-only test/languages/reference-app.ts <outdir>
 *
 * It loads the library from HARDENED_DEMO_SERVICE_MODULE when set: run.sh points it at the
 * npm package it packed, the same snapshot jsii-pacmak turns into the Python, Java and Go
 * packages, so an edit to src/ or lib/ during a run cannot make the languages disagree.
 * Otherwise it loads the compiled library (lib/).
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as Library from '../../src';

const load = createRequire(__filename);
const { HardenedDemoService, HardeningLevel, ServiceImage } = load(
  process.env.HARDENED_DEMO_SERVICE_MODULE ?? path.join(__dirname, '..', '..', 'lib'),
) as typeof Library;

const ACCOUNT = '123456789012';
const CERTIFICATE_ID = '11111111-2222-3333-4444-555555555555';

const outdir = process.argv[2] ?? path.join(__dirname, 'cdk.out', 'typescript');
const app = new App({ outdir });

// DEMO, with one control raised above the preset (customer-managed KMS keys).
const demo = new Stack(app, 'LangTest-Demo', { env: { account: ACCOUNT, region: 'eu-west-1' } });
new HardenedDemoService(demo, 'Web', {
  hardeningLevel: HardeningLevel.DEMO,
  containerPort: 8080,
  certificate: acm.Certificate.fromCertificateArn(demo, 'Certificate', `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/${CERTIFICATE_ID}`),
  image: ServiceImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'),
  environment: { GREETING: 'hello' },
  overrides: { customerManagedKeys: true },
});

// PRODUCTION, with one control relaxed (no VPC flow logs), the sample app (a Docker image
// asset) and one egress rule.
const production = new Stack(app, 'LangTest-Production', { env: { account: ACCOUNT, region: 'us-east-1' } });
const certificate = acm.Certificate.fromCertificateArn(production, 'Certificate', `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/${CERTIFICATE_ID}`);
new HardenedDemoService(production, 'Web', {
  hardeningLevel: HardeningLevel.PRODUCTION,
  containerPort: 8080,
  domainName: 'app.example.com',
  certificate,
  cloudFrontCertificate: certificate,
  image: ServiceImage.sampleApp(),
  minCapacity: 2,
  maxCapacity: 6,
  logRetention: logs.RetentionDays.ONE_MONTH,
  taskEgressAllowList: [{ peer: ec2.Peer.ipv4('10.20.0.0/16'), port: ec2.Port.tcp(5432), description: 'PostgreSQL in the shared VPC' }],
  overrides: { vpcFlowLogs: false },
});

app.synth();
