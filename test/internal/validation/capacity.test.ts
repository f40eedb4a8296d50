import { CapacityInputs, CapacityPolicy, checkCapacity, ResolvedCapacity } from '../../../src/internal/validation/capacity';

const DEMO: CapacityPolicy = { autoScaling: false, minimumTasks: 1 };
const PRODUCTION: CapacityPolicy = { autoScaling: true, minimumTasks: 2 };

function check(given: CapacityInputs, policy: CapacityPolicy, resolved: Partial<ResolvedCapacity> = {}) {
  const minCapacity = resolved.minCapacity ?? given.minCapacity ?? policy.minimumTasks;
  return checkCapacity(given, {
    minCapacity,
    maxCapacity: resolved.maxCapacity ?? given.maxCapacity ?? 10,
    desiredCount: resolved.desiredCount ?? given.desiredCount ?? minCapacity,
  }, policy);
}

const DESIRED_FIX = 'Give a whole number of tasks from 1 to 5000; to stop the service, remove it rather than scale it to zero.';
const AUTO_SCALING_OWNS_COUNT =
  'desiredCount: with auto scaling on, auto scaling owns the task count; a count in the template would reset the service to it on every deploy. Remove desiredCount (minCapacity is the floor), or set overrides.autoScaling to false.';

describe('task counts from 1 to the ECS quota of 5000', () => {
  test.each([1, 5000])('desiredCount %p is accepted without auto scaling', (desiredCount) => {
    expect(check({ desiredCount }, DEMO).errors).toEqual([]);
  });
  test.each([0, 5001, -2, 1.5])('desiredCount %p is refused, saying how to stop the service instead', (desiredCount) => {
    expect(check({ desiredCount }, DEMO, { desiredCount: 1 }).errors).toEqual([`desiredCount: ${desiredCount} is not allowed. ${DESIRED_FIX}`]);
  });
  test.each([[1, 1], [5000, 5000]])('minCapacity %p and maxCapacity %p are accepted with auto scaling', (minCapacity, maxCapacity) => {
    expect(check({ minCapacity, maxCapacity }, PRODUCTION).errors).toEqual([]);
  });
  test.each(['minCapacity', 'maxCapacity'] as const)('%s of 0 or 5001 is refused', (name) => {
    for (const value of [0, 5001]) {
      expect(check({ [name]: value }, PRODUCTION, { minCapacity: 2, maxCapacity: 10 }).errors).toEqual([`${name}: ${value} is not allowed. Give a whole number from 1 to 5000.`]);
    }
  });
});

describe('auto scaling bounds', () => {
  test('maxCapacity below minCapacity is refused; equal is accepted', () => {
    expect(check({ minCapacity: 4, maxCapacity: 3 }, PRODUCTION).errors).toEqual(['maxCapacity: 3 is below minCapacity 4. Raise maxCapacity or lower minCapacity.']);
    expect(check({ minCapacity: 4, maxCapacity: 4 }, PRODUCTION).errors).toEqual([]);
  });
  test.each([{ minCapacity: 2 }, { maxCapacity: 3 }])('%p without auto scaling is refused rather than ignored', (given) => {
    expect(check(given, DEMO, { minCapacity: 1, maxCapacity: 4 }).errors).toEqual([
      'minCapacity/maxCapacity: only apply with auto scaling, which is off. Remove them, or set overrides.autoScaling to true.',
    ]);
  });
  test('desiredCount under auto scaling is refused: it would reset the count on every deploy', () => {
    expect(check({ desiredCount: 3 }, PRODUCTION).errors).toEqual([AUTO_SCALING_OWNS_COUNT]);
  });
  test('desiredCount without auto scaling is what sets the count', () => {
    expect(check({ desiredCount: 3 }, { autoScaling: false, minimumTasks: 2 }).errors).toEqual([]);
  });
});

describe('a single task where the level expects two', () => {
  const SINGLE_TASK = (name: string) => ({
    id: 'SingleTask',
    message: `${name} is below 2: the service can run a single task in a single availability zone, so one task or zone failure takes it down.`,
  });
  test('minCapacity 1 under auto scaling warns, naming minCapacity; 2 does not', () => {
    expect(check({ minCapacity: 1 }, PRODUCTION)).toEqual({ errors: [], warnings: [SINGLE_TASK('minCapacity')] });
    expect(check({ minCapacity: 2 }, PRODUCTION).warnings).toEqual([]);
  });
  test('desiredCount 1 without auto scaling warns, naming desiredCount; 2 does not', () => {
    const policy = { autoScaling: false, minimumTasks: 2 };
    expect(check({ desiredCount: 1 }, policy)).toEqual({ errors: [], warnings: [SINGLE_TASK('desiredCount')] });
    expect(check({ desiredCount: 2 }, policy).warnings).toEqual([]);
  });
  test('no warning where the level expects a single task (DEMO)', () => {
    expect(check({ desiredCount: 1 }, DEMO).warnings).toEqual([]);
  });
});

test('every capacity problem at once, ranges first', () => {
  const resolved = { minCapacity: 2, maxCapacity: 10, desiredCount: 2 };
  expect(check({ minCapacity: 0, maxCapacity: 5001, desiredCount: 0 }, PRODUCTION, resolved).errors).toEqual([
    'minCapacity: 0 is not allowed. Give a whole number from 1 to 5000.',
    'maxCapacity: 5001 is not allowed. Give a whole number from 1 to 5000.',
    `desiredCount: 0 is not allowed. ${DESIRED_FIX}`,
    AUTO_SCALING_OWNS_COUNT,
  ]);
});
