import { Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CheckResult } from './result';

/** The CPU architectures Fargate runs Linux tasks on, as `CpuArchitecture` names them. */
export const CPU_ARCHITECTURES = [ecs.CpuArchitecture.X86_64._cpuArchitecture, ecs.CpuArchitecture.ARM64._cpuArchitecture];

const LINUX = ecs.OperatingSystemFamily.LINUX._operatingSystemFamily;

/**
 * The task's runtime platform: Linux only (the sample app is a Linux image, and the read-only
 * root filesystem is a Linux task setting), on X86_64 or ARM64. A value the construct cannot
 * read at synthesis (a token) is refused: the sample app's image asset follows the architecture.
 */
export function checkRuntimePlatform(runtimePlatform: ecs.RuntimePlatform | undefined): CheckResult {
  const errors: string[] = [];
  const family = runtimePlatform?.operatingSystemFamily?._operatingSystemFamily;
  if (runtimePlatform?.operatingSystemFamily !== undefined && family !== LINUX) {
    errors.push(
      `runtimePlatform: the operating-system family ${describe(family)} is not supported; the construct runs Linux tasks (the sample app is a Linux image, and a read-only root filesystem is a Linux task setting). ` +
        'Use OperatingSystemFamily.LINUX, or leave operatingSystemFamily out.',
    );
  }
  const architecture = runtimePlatform?.cpuArchitecture?._cpuArchitecture;
  if (runtimePlatform?.cpuArchitecture !== undefined && !CPU_ARCHITECTURES.includes(architecture as string)) {
    errors.push(
      `runtimePlatform: the CPU architecture ${describe(architecture)} is not one Fargate runs Linux tasks on. ` +
        'Use CpuArchitecture.X86_64 or CpuArchitecture.ARM64, or leave cpuArchitecture out.',
    );
  }
  return { errors, warnings: [] };
}

function describe(value: unknown): string {
  if (typeof value !== 'string') {
    return 'given';
  }
  return Token.isUnresolved(value) ? '(a token, unknown at synthesis)' : `'${value}'`;
}
