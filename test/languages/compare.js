#!/usr/bin/env node
/**
 * Compare the CloudFormation templates a language consumer synthesized with the ones the
 * TypeScript reference app synthesized, and print every difference.
 *
 *   node compare.js <reference cdk.out> <language cdk.out> [<language name>]
 *
 * Exit code 0 when every template is equal after normalization, 1 otherwise.
 *
 * Normalization removes only what legitimately differs between languages:
 *  - resources of type AWS::CDK::Metadata (the `CDKMetadata` resource): its `Analytics`
 *    property encodes the jsii runtime and language version of the app
 *    ("jsii-runtime.Python/3.11.7" and so on), so it differs by design. Its condition
 *    `CDKMetadataAvailable` is kept: it does not depend on the language.
 * Everything else — resource logical ids, properties, the aws:cdk:path metadata, asset
 * hashes, parameters, rules, outputs — must be identical. The hardening report files
 * (hardening-report.*.json), when the library writes them, must be identical too.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const MAX_DIFFERENCES = 40;

function normalizeTemplate(template) {
  const t = JSON.parse(JSON.stringify(template));
  for (const [id, resource] of Object.entries(t.Resources ?? {})) {
    if (resource && resource.Type === 'AWS::CDK::Metadata') {
      delete t.Resources[id];
    }
  }
  return t;
}

/** Yield [path, reference value, language value] for each difference. */
function* differences(a, b, where = '') {
  if (a === b) return;
  const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(a) !== kind(b) || (kind(a) !== 'object' && kind(a) !== 'array')) {
    yield [where || '/', a, b];
    return;
  }
  if (kind(a) === 'array') {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      yield* differences(a[i], b[i], `${where}[${i}]`);
    }
    return;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of [...keys].sort()) {
    yield* differences(a[key], b[key], `${where}/${key}`);
  }
}

function show(value) {
  if (value === undefined) return '(missing)';
  const s = JSON.stringify(value);
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}

/** The files compared: every stack template, and the hardening reports if any. */
function comparedFiles(dir) {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.template.json') || /^hardening-report\..*\.json$/.test(f))
    .sort();
}

function compare(referenceDir, languageDir, name = path.basename(languageDir)) {
  const problems = [];
  if (!fs.existsSync(languageDir)) {
    return [`${name}: no cloud assembly at ${languageDir}`];
  }
  const expected = comparedFiles(referenceDir);
  const actual = comparedFiles(languageDir);
  if (!expected.some((f) => f.endsWith('.template.json'))) {
    return [`${name}: the reference ${referenceDir} has no templates`];
  }
  for (const f of expected.filter((x) => !actual.includes(x))) problems.push(`${name}: missing ${f}`);
  for (const f of actual.filter((x) => !expected.includes(x))) problems.push(`${name}: unexpected ${f}`);
  let templates = 0;
  let reports = 0;
  for (const file of expected.filter((x) => actual.includes(x))) {
    const read = (dir) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const isTemplate = file.endsWith('.template.json');
    const ref = isTemplate ? normalizeTemplate(read(referenceDir)) : read(referenceDir);
    const got = isTemplate ? normalizeTemplate(read(languageDir)) : read(languageDir);
    if (isTemplate) templates++;
    else reports++;
    for (const [where, a, b] of differences(ref, got)) {
      if (problems.length >= MAX_DIFFERENCES) {
        problems.push(`${name}: ... (more differences not shown)`);
        return problems;
      }
      problems.push(`${name}: ${file} ${where}\n    typescript: ${show(a)}\n    ${name}: ${show(b)}`);
    }
  }
  if (problems.length === 0) {
    const also = reports > 0 ? ` and ${reports} hardening reports` : '';
    console.log(`${name}: ${templates} templates${also} identical to TypeScript's (AWS::CDK::Metadata resources removed)`);
  }
  return problems;
}

module.exports = { compare, normalizeTemplate, differences };

if (require.main === module) {
  const [referenceDir, languageDir, name] = process.argv.slice(2);
  if (!referenceDir || !languageDir) {
    console.error('usage: node compare.js <reference cdk.out> <language cdk.out> [<name>]');
    process.exit(2);
  }
  const problems = compare(referenceDir, languageDir, name);
  for (const p of problems) console.error(p);
  process.exit(problems.length === 0 ? 0 : 1);
}
