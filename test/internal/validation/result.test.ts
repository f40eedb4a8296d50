import { combineResults } from '../../../src/internal/validation/result';

describe('combineResults', () => {
  test('keeps every error and warning, in the order the checks are given', () => {
    const combined = combineResults([
      { errors: ['cpu: first. Fix it.'], warnings: [] },
      { errors: [], warnings: [{ id: 'SingleTask', message: 'one task' }] },
      { errors: ['memoryLimitMiB: second. Fix it.', 'desiredCount: third. Fix it.'], warnings: [{ id: 'SingleNat', message: 'one NAT gateway' }] },
    ]);
    expect(combined).toEqual({
      errors: ['cpu: first. Fix it.', 'memoryLimitMiB: second. Fix it.', 'desiredCount: third. Fix it.'],
      warnings: [{ id: 'SingleTask', message: 'one task' }, { id: 'SingleNat', message: 'one NAT gateway' }],
    });
  });

  test('no checks: nothing found', () => {
    expect(combineResults([])).toEqual({ errors: [], warnings: [] });
  });
});
