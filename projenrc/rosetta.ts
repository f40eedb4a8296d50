import { awscdk } from 'projen';

/**
 * The tablet `jsii-rosetta extract` writes next to the assembly: every TypeScript example
 * (README.md and doc comments) with its translations. Rebuilt from the sources, so not in git.
 */
export const ROSETTA_TABLET = '.jsii.tabl.json';

/** What embeds the consumer programs of test/languages into README.md (embedme, from npm). */
const EMBED = 'embedme --source-root . README.md';

/**
 * Add the `rosetta` (check) and `readme:update` tasks (issues 4 and 13).
 *
 * TypeScript: jsii copies README.md and the doc comments into the assembly at compile time,
 * and `jsii-rosetta extract --strict` compiles every TypeScript example from there (with
 * rosetta/default.ts-fixture unless it is marked `nofixture`) and fails on the first that does
 * not compile.
 *
 * Python, Java and Go: README.md does not show translations but the consumer programs that
 * `npx projen test:languages` compiles and runs (test/languages), embedded by embedme: a code
 * block whose first line is a comment naming a file gets that file's text. `embedme --verify`
 * fails when README.md does not show their current text; `npx projen readme:update` rewrites it.
 *
 * Keep comments out of `@example` code: rosetta's Java, C# and Go translations (the packages'
 * docs) print a comment that precedes a statement twice. Say it in the doc comment's prose.
 */
export function addRosettaTasks(project: awscdk.AwsCdkConstructLibrary): void {
  project.addTask('rosetta', {
    description:
      'Check README.md shows the current consumer programs of test/languages (embedme), then compile and check every TypeScript example (README.md, doc comments) compiles with jsii-rosetta (strict)',
    steps: [
      {
        name: "README.md's Python, Java and Go programs are the current files of test/languages",
        exec: `${EMBED} --verify --silent || (echo "README.md does not show the current test/languages programs: run 'npx projen readme:update' and commit README.md" && exit 1)`,
      },
      { spawn: 'compile' },
      { exec: 'jsii-rosetta extract --strict' },
    ],
  });

  project.addTask('readme:update', {
    description: 'Embed the current Python, Java and Go consumer programs of test/languages into README.md (embedme)',
    exec: EMBED,
  });

  project.gitignore.exclude(`/${ROSETTA_TABLET}`);
}
