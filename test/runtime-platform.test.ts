import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { HardenedDemoService, HardenedDemoServiceProps, HardeningLevel, ServiceImage } from '../src';
import { newStack } from './util';
import { checkRuntimePlatform } from '../src/internal/validation/runtime-platform';

const ARM64 = { cpuArchitecture: ecs.CpuArchitecture.ARM64 };
const LEVELS = [HardeningLevel.DEMO, HardeningLevel.PRODUCTION];
const ENVS = ['eu-west-1', 'region-agnostic'] as const;

/** A service in a fresh stack, its template, and the platforms of the Docker image assets the cloud assembly builds. */
function build(props: HardenedDemoServiceProps, envName: (typeof ENVS)[number] = 'eu-west-1') {
  const stack = newStack(envName);
  const service = new HardenedDemoService(stack, 'Web', props);
  const template = Template.fromStack(stack);
  const app = stack.node.root as App;
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, `${stack.artifactId}.assets.json`), 'utf8'));
  const imagePlatforms = Object.values(manifest.dockerImages ?? {}).map((image: any) => image.source.platform);
  return { stack, service, template, imagePlatforms };
}

function taskPlatform(template: Template): unknown {
  const taskDefs = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
  expect(taskDefs).toHaveLength(1);
  return taskDefs[0].Properties.RuntimePlatform;
}

describe.each(LEVELS)('ARM64 at %s', (hardeningLevel) => {
  test.each(ENVS)('in %s: the task runs on ARM64 and the sample app is built for linux/arm64', (envName) => {
    const { template, imagePlatforms } = build({ hardeningLevel, runtimePlatform: ARM64 }, envName);
    expect(taskPlatform(template)).toEqual({ OperatingSystemFamily: 'LINUX', CpuArchitecture: 'ARM64' });
    expect(imagePlatforms).toEqual(['linux/arm64']);
  });
});

describe('the default platform', () => {
  test.each(LEVELS)('%s: Linux on X86_64, the sample app built for linux/amd64', (hardeningLevel) => {
    const { template, imagePlatforms } = build({ hardeningLevel });
    expect(taskPlatform(template)).toEqual({ OperatingSystemFamily: 'LINUX', CpuArchitecture: 'X86_64' });
    expect(imagePlatforms).toEqual(['linux/amd64']);
  });

  test('an operating-system family alone keeps X86_64', () => {
    const { template } = build({ hardeningLevel: HardeningLevel.DEMO, runtimePlatform: { operatingSystemFamily: ecs.OperatingSystemFamily.LINUX } });
    expect(taskPlatform(template)).toEqual({ OperatingSystemFamily: 'LINUX', CpuArchitecture: 'X86_64' });
  });

  test('an image of your own is not rebuilt: ARM64 only sets the task platform', () => {
    const { template, imagePlatforms } = build({
      hardeningLevel: HardeningLevel.DEMO,
      runtimePlatform: ARM64,
      image: ServiceImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'),
    });
    expect(taskPlatform(template)).toEqual({ OperatingSystemFamily: 'LINUX', CpuArchitecture: 'ARM64' });
    expect(imagePlatforms).toEqual([]);
  });
});

describe('refused platforms', () => {
  const WINDOWS_MESSAGE =
    "runtimePlatform: the operating-system family 'WINDOWS_SERVER_2022_CORE' is not supported; the construct runs Linux tasks " +
    '(the sample app is a Linux image, and a read-only root filesystem is a Linux task setting). Use OperatingSystemFamily.LINUX, or leave operatingSystemFamily out.';

  test('Windows is refused with the property and the fix', () => {
    const stack = newStack();
    expect(
      () => new HardenedDemoService(stack, 'Web', {
        runtimePlatform: { operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE, cpuArchitecture: ecs.CpuArchitecture.X86_64 },
      }),
    ).toThrow(`HardenedDemoService: invalid properties:\n  - ${WINDOWS_MESSAGE}`);
  });

  test.each([ecs.OperatingSystemFamily.WINDOWS_SERVER_2019_FULL, ecs.OperatingSystemFamily.of('linux')])('%p is refused', (operatingSystemFamily) => {
    expect(checkRuntimePlatform({ operatingSystemFamily }).errors).toHaveLength(1);
  });

  test('an unknown architecture or a token is refused', () => {
    expect(checkRuntimePlatform({ cpuArchitecture: ecs.CpuArchitecture.of('RISCV') }).errors).toEqual([
      "runtimePlatform: the CPU architecture 'RISCV' is not one Fargate runs Linux tasks on. Use CpuArchitecture.X86_64 or CpuArchitecture.ARM64, or leave cpuArchitecture out.",
    ]);
    const token = Token.asString({ Ref: 'Architecture' });
    expect(checkRuntimePlatform({ cpuArchitecture: ecs.CpuArchitecture.of(token) }).errors).toEqual([
      'runtimePlatform: the CPU architecture (a token, unknown at synthesis) is not one Fargate runs Linux tasks on. Use CpuArchitecture.X86_64 or CpuArchitecture.ARM64, or leave cpuArchitecture out.',
    ]);
  });

  test('Linux on X86_64 or ARM64, or nothing, passes', () => {
    for (const cpuArchitecture of [ecs.CpuArchitecture.X86_64, ecs.CpuArchitecture.ARM64, undefined]) {
      expect(checkRuntimePlatform({ operatingSystemFamily: ecs.OperatingSystemFamily.LINUX, cpuArchitecture })).toEqual({ errors: [], warnings: [] });
    }
    expect(checkRuntimePlatform(undefined)).toEqual({ errors: [], warnings: [] });
  });
});

describe('the report prices ARM64 tasks at the ARM64 rate', () => {
  // (0.25 vCPU x $0.03238 + 0.5 GB x $0.00356) x 730 h = $7.21 a task.
  test('DEMO: one ARM64 task, $7.21', () => {
    const report = build({ hardeningLevel: HardeningLevel.DEMO, runtimePlatform: ARM64 }).service.hardeningReport();
    expect(report.costs.find((c) => c.driver.startsWith('Fargate'))).toMatchObject({ driver: 'Fargate task (ARM64, as sized)', quantity: 1, monthlyUsd: 7.21 });
  });
});
