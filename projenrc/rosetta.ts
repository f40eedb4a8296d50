import { awscdk } from 'projen';

/**
 * The tablet `jsii-rosetta extract` writes next to the assembly: every TypeScript example
 * (README.md and doc comments) with its translations. Rebuilt from the sources, so not in git.
 */
export const ROSETTA_TABLET = '.jsii.tabl.json';

/**
 * Add the `rosetta` and `rosetta:update` tasks (issue 4, "every jsii language").
 *
 * jsii copies README.md and the doc comments into the assembly at compile time, and
 * jsii-rosetta extracts their TypeScript examples from there, so both tasks compile first.
 * `--strict` compiles every example (with rosetta/default.ts-fixture unless it is marked
 * `nofixture`) and fails on the first that does not; it implies `--compile --fail`.
 * rosetta/readme-languages.js then puts rosetta's Python, Java, C# and Go translations of the
 * README's main example into README.md (`--write`), or checks they are current.
 *
 * Keep comments out of `@example` code: rosetta's Java, C# and Go translations print a
 * comment that precedes a statement twice. Say it in the doc comment's prose instead.
 */
export function addRosettaTasks(project: awscdk.AwsCdkConstructLibrary): void {
  const extract = 'jsii-rosetta extract --strict';

  project.addTask('rosetta', {
    description:
      "Compile, then check every TypeScript example (README.md, doc comments) compiles with jsii-rosetta (strict) and README.md's other languages are its current translations",
    steps: [
      { spawn: 'compile' },
      { exec: extract },
      { exec: 'node rosetta/readme-languages.js' },
    ],
  });

  project.addTask('rosetta:update', {
    description:
      "Compile, translate the TypeScript examples with jsii-rosetta (strict) and rewrite README.md's Python, Java, C# and Go versions of its main example",
    steps: [
      { spawn: 'compile' },
      { exec: extract },
      { exec: 'node rosetta/readme-languages.js --write' },
    ],
  });

  project.gitignore.exclude(`/${ROSETTA_TABLET}`);
  // The fixture ships (tools that translate the published package's examples look for it);
  // the README generator is for this repository only.
  project.npmignore?.exclude('/rosetta/readme-languages.js');
}
