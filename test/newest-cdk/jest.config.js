// The jest configuration of `npx projen test:newest-cdk` (projenrc/newest-cdk.ts): projen's
// own (package.json), restricted to the tests whose behaviour depends on the aws-cdk-lib
// release, with every import of aws-cdk-lib mapped to the newest one (npm alias
// `aws-cdk-lib-newest`), in the library, the tests, cdk-nag and the cfn-guard validator alike.
const path = require('node:path');
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: path.join(__dirname, '..', '..'),
  testMatch: ['<rootDir>/test/compliance/**/*.test.ts', '<rootDir>/test/internal/acknowledgments.test.ts'],
  moduleNameMapper: {
    '^aws-cdk-lib$': 'aws-cdk-lib-newest',
    '^aws-cdk-lib/(.*)$': 'aws-cdk-lib-newest/$1',
  },
  // Snapshots are read, never written, and the coverage of this run would only repeat the main one's.
  collectCoverage: false,
  reporters: ['default'],
};
