import { checkSizing, fargateMinimumMemory, FARGATE_SIZES, ResolvedSizing, SizingInputs } from '../../../src/internal/validation/sizing';

/** checkSizing with the CPU and memory resolved as the defaults would (the given values here are all valid). */
function errorsOf(given: SizingInputs, resolved?: Partial<ResolvedSizing>): string[] {
  const cpu = resolved?.cpu ?? given.cpu ?? 256;
  const result = checkSizing(given, { cpu, memoryLimitMiB: resolved?.memoryLimitMiB ?? given.memoryLimitMiB ?? fargateMinimumMemory(cpu) });
  expect(result.warnings).toEqual([]);
  return result.errors;
}

const PORT_FIX = 'Give a whole number from 1 to 65535 (the port the container listens on).';

describe('containerPort', () => {
  test.each([1, 3000, 65535])('%p, from 1 to 65535, is accepted', (containerPort) => {
    expect(errorsOf({ containerPort })).toEqual([]);
  });
  test.each([0, 65536, 80.5])('%p is refused, with the range', (containerPort) => {
    expect(errorsOf({ containerPort })).toEqual([`containerPort: ${containerPort} is not allowed. ${PORT_FIX}`]);
  });
});

describe('cpu', () => {
  test('the seven Fargate CPU values', () => {
    expect(FARGATE_SIZES.map((s) => s.cpu)).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384]);
  });
  test.each([300, 128, 32768])('%p, a whole number but no Fargate CPU value, is refused with the list', (cpu) => {
    expect(errorsOf({ cpu }, { cpu })).toEqual([`cpu: ${cpu} is not a Fargate CPU value. Use one of 256, 512, 1024, 2048, 4096, 8192, 16384.`]);
  });
  test.each([0, 1.5])('%p, not a positive whole number, is refused once (the default CPU it resolves to passes the table)', (cpu) => {
    expect(errorsOf({ cpu }, { cpu: 256, memoryLimitMiB: 512 })).toEqual([
      `cpu: ${cpu} is not allowed. Give one of the Fargate CPU values: 256, 512, 1024, 2048, 4096, 8192, 16384.`,
    ]);
  });
});

describe('memory with cpu: the Fargate table', () => {
  test.each([
    [256, 512], [256, 1024], [256, 2048],
    [512, 1024], [512, 4096],
    [1024, 2048], [1024, 8192],
    [2048, 4096], [2048, 16384],
    [4096, 8192], [4096, 30720],
    [8192, 16384], [8192, 61440],
    [16384, 32768], [16384, 122880],
  ])('cpu %p with %p MiB (a bound of its range) is accepted', (cpu, memoryLimitMiB) => {
    expect(errorsOf({ cpu, memoryLimitMiB })).toEqual([]);
  });

  test.each([
    [256, 1536, 'use 512, 1024, 2048 MiB'],
    [256, 4096, 'use 512, 1024, 2048 MiB'],
    [512, 512, 'use 1024 to 4096 MiB in steps of 1024'],
    [512, 5120, 'use 1024 to 4096 MiB in steps of 1024'],
    [1024, 2500, 'use 2048 to 8192 MiB in steps of 1024'],
    [4096, 31744, 'use 8192 to 30720 MiB in steps of 1024'],
    [8192, 20000, 'use 16384 to 61440 MiB in steps of 4096'],
    [8192, 65536, 'use 16384 to 61440 MiB in steps of 4096'],
    [16384, 36864, 'use 32768 to 122880 MiB in steps of 8192'],
    [16384, 131072, 'use 32768 to 122880 MiB in steps of 8192'],
  ])('cpu %p with %p MiB (below, above or between steps) is refused, saying what that cpu takes', (cpu, memoryLimitMiB, fix) => {
    expect(errorsOf({ cpu, memoryLimitMiB })).toEqual([`memoryLimitMiB: Fargate does not accept ${memoryLimitMiB} MiB with cpu ${cpu}. With cpu ${cpu}, ${fix}; or change cpu.`]);
  });

  test('memory given alone is held to the default cpu 256', () => {
    expect(errorsOf({ memoryLimitMiB: 4096 })).toEqual(['memoryLimitMiB: Fargate does not accept 4096 MiB with cpu 256. With cpu 256, use 512, 1024, 2048 MiB; or change cpu.']);
  });

  test('memory that is not a whole number is refused as such, and the default memory it resolves to fits', () => {
    expect(errorsOf({ cpu: 1024, memoryLimitMiB: 0 }, { memoryLimitMiB: 2048 })).toEqual(['memoryLimitMiB: 0 is not allowed. Give the memory in MiB as a whole number.']);
  });

  test('every sizing problem at once, in the order port, cpu, memory', () => {
    expect(errorsOf({ containerPort: 0, cpu: 1.5, memoryLimitMiB: 4096 }, { cpu: 256, memoryLimitMiB: 4096 })).toEqual([
      `containerPort: 0 is not allowed. ${PORT_FIX}`,
      'cpu: 1.5 is not allowed. Give one of the Fargate CPU values: 256, 512, 1024, 2048, 4096, 8192, 16384.',
      'memoryLimitMiB: Fargate does not accept 4096 MiB with cpu 256. With cpu 256, use 512, 1024, 2048 MiB; or change cpu.',
    ]);
  });
});

describe('fargateMinimumMemory', () => {
  test.each([
    [256, 512],
    [512, 1024],
    [1024, 2048],
    [16384, 32768],
    [300, 512],
  ])('cpu %p: %p MiB', (cpu, memory) => {
    expect(fargateMinimumMemory(cpu)).toBe(memory);
  });
});
