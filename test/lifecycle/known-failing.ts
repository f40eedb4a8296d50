/**
 * Lifecycle tests that fail on today's construct (declared with `test.failing`). Each name is
 * a test that states the correct rule; remove the name in the change that fixes the construct
 * (a fixed rule turns its `test.failing` red until then).
 *
 * Regenerate the current problems with
 * `LIFECYCLE_PROBLEMS_FILE=/tmp/problems.jsonl npx jest test/lifecycle`.
 */
export const KNOWN_FAILING: ReadonlySet<string> = new Set<string>([]);
