/**
 * Lifecycle tests that fail on today's construct (declared with `test.failing`). Each name is
 * a test that states the correct rule; remove the name in the change that fixes the construct
 * (a fixed rule turns its `test.failing` red until then).
 *
 * Regenerate the current problems with
 * `LIFECYCLE_PROBLEMS_FILE=/tmp/problems.jsonl npx jest test/lifecycle`.
 */
// Adding a domain switches the VPC origin to HTTPS, an in-place update CloudFront refuses while
// the distribution uses the origin (409): the upgrade path is open work (issue 11).
export const KNOWN_FAILING: ReadonlySet<string> = new Set<string>([
  'PRODUCTION -> PRODUCTION+domain in eu-west-1: no VPC origin in use is updated in place',
  'PRODUCTION -> PRODUCTION+domain in region-agnostic: no VPC origin in use is updated in place',
  'PRODUCTION -> PRODUCTION+domain in us-east-1: no VPC origin in use is updated in place',
]);
