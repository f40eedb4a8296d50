import { CheckResult } from './result';
import { checkWholeNumber, WholeNumberRange } from './whole-numbers';

/** One Fargate CPU value and the memory (MiB) Fargate accepts with it. */
export interface FargateSize {
  readonly cpu: number;
  readonly minMemoryMiB: number;
  readonly maxMemoryMiB: number;
  /** The step between accepted memory values from the minimum (0 when `memoryValuesMiB` lists them). */
  readonly stepMiB: number;
  /** The accepted memory values, where they are a list rather than a range. */
  readonly memoryValuesMiB?: readonly number[];
}

/** Memory (MiB) Fargate accepts for each CPU value. */
export const FARGATE_SIZES: readonly FargateSize[] = [
  { cpu: 256, minMemoryMiB: 512, maxMemoryMiB: 2048, stepMiB: 0, memoryValuesMiB: [512, 1024, 2048] },
  { cpu: 512, minMemoryMiB: 1024, maxMemoryMiB: 4096, stepMiB: 1024 },
  { cpu: 1024, minMemoryMiB: 2048, maxMemoryMiB: 8192, stepMiB: 1024 },
  { cpu: 2048, minMemoryMiB: 4096, maxMemoryMiB: 16384, stepMiB: 1024 },
  { cpu: 4096, minMemoryMiB: 8192, maxMemoryMiB: 30720, stepMiB: 1024 },
  { cpu: 8192, minMemoryMiB: 16384, maxMemoryMiB: 61440, stepMiB: 4096 },
  { cpu: 16384, minMemoryMiB: 32768, maxMemoryMiB: 122880, stepMiB: 8192 },
];

/** The ports a container can listen on. */
export const CONTAINER_PORT_RANGE: WholeNumberRange = {
  property: 'containerPort',
  min: 1,
  max: 65535,
  fix: 'Give a whole number from 1 to 65535 (the port the container listens on).',
};

/** Any positive whole number passes the range; `checkSizing` then holds it to the Fargate table. */
export const CPU_RANGE: WholeNumberRange = {
  property: 'cpu',
  min: 1,
  max: Number.MAX_SAFE_INTEGER,
  fix: 'Give one of the Fargate CPU values: 256, 512, 1024, 2048, 4096, 8192, 16384.',
};

/** Any positive whole number passes the range; `checkSizing` then holds it to the Fargate table. */
export const MEMORY_RANGE: WholeNumberRange = {
  property: 'memoryLimitMiB',
  min: 1,
  max: Number.MAX_SAFE_INTEGER,
  fix: 'Give the memory in MiB as a whole number.',
};

/** The sizing properties as given (each may be absent). */
export interface SizingInputs {
  readonly containerPort?: number;
  readonly cpu?: number;
  readonly memoryLimitMiB?: number;
}

/** The CPU and memory the task would get (see `resolveInputs`). */
export interface ResolvedSizing {
  readonly cpu: number;
  readonly memoryLimitMiB: number;
}

/**
 * The smallest memory Fargate accepts with `cpu` (512 MiB for a value that is not a Fargate
 * CPU value: `checkSizing` refuses that one).
 */
export function fargateMinimumMemory(cpu: number): number {
  return FARGATE_SIZES.find((s) => s.cpu === cpu)?.minMemoryMiB ?? 512;
}

/**
 * Container port, CPU and memory: each a whole number in range, the CPU a Fargate CPU value
 * and the memory one Fargate accepts with it. The pairing is checked on the resolved values,
 * so memory given alone is held to the default CPU.
 */
export function checkSizing(given: SizingInputs, resolved: ResolvedSizing): CheckResult {
  const errors = [
    ...checkWholeNumber(given.containerPort, CONTAINER_PORT_RANGE),
    ...checkWholeNumber(given.cpu, CPU_RANGE),
    ...checkWholeNumber(given.memoryLimitMiB, MEMORY_RANGE),
  ];
  const { cpu, memoryLimitMiB } = resolved;
  const size = FARGATE_SIZES.find((s) => s.cpu === cpu);
  if (!size) {
    errors.push(`cpu: ${cpu} is not a Fargate CPU value. Use one of ${FARGATE_SIZES.map((s) => s.cpu).join(', ')}.`);
  } else if (!fargateAccepts(size, memoryLimitMiB)) {
    errors.push(`memoryLimitMiB: Fargate does not accept ${memoryLimitMiB} MiB with cpu ${cpu}. With cpu ${cpu}, use ${describeMemory(size)}; or change cpu.`);
  }
  return { errors, warnings: [] };
}

function fargateAccepts(size: FargateSize, memoryMiB: number): boolean {
  if (size.memoryValuesMiB) {
    return size.memoryValuesMiB.includes(memoryMiB);
  }
  return memoryMiB >= size.minMemoryMiB && memoryMiB <= size.maxMemoryMiB && (memoryMiB - size.minMemoryMiB) % size.stepMiB === 0;
}

function describeMemory(size: FargateSize): string {
  return size.memoryValuesMiB ? size.memoryValuesMiB.join(', ') + ' MiB' : `${size.minMemoryMiB} to ${size.maxMemoryMiB} MiB in steps of ${size.stepMiB}`;
}
