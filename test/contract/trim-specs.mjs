#!/usr/bin/env node
// Copies the forges' API descriptions the contract test needs from the shared folder beside the
// project (../shared/specs and ../shared/samples) into test/contract/specs/, and trims GitLab's 2 MB
// openapi_v2.yaml to the routes MR Gates uses or plans to use, with every definition they reach.
// The output is committed, so a fresh clone runs the contract test without ../shared; re-run this
// when the shared copies change or a route is added to KEEP_GITLAB below:
//
//   node test/contract/trim-specs.mjs            (reads ../shared relative to the project root)
//   node test/contract/trim-specs.mjs --shared <dir>
//
// Everything else is copied byte for byte. The trimmed YAML keeps GitLab's paths, operations and
// definitions exactly as parsed (re-serialized by the `yaml` package, so comments and key quoting differ).
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'test', 'contract', 'specs');
const flag = process.argv.indexOf('--shared');
const shared = flag >= 0 ? resolve(process.argv[flag + 1] ?? '') : join(root, '..', 'shared');

/** GitLab routes kept (regexes on the path template): what the client calls, and what the issues plan. */
const KEEP_GITLAB = [
  /^\/api\/v4\/projects$/,
  /^\/api\/v4\/projects\/\{id\}$/,
  /^\/api\/v4\/projects\/\{id\}\/merge_requests$/,
  /^\/api\/v4\/projects\/\{id\}\/merge_requests\/\{merge_request_iid\}(\/(approvals|approve|unapprove|approval_state|merge|cancel_merge_when_pipeline_succeeds|pipelines|rebase|commits))?$/,
  /^\/api\/v4\/projects\/\{id\}\/pipelines(\/latest)?$/,
  /^\/api\/v4\/projects\/\{id\}\/pipelines\/\{pipeline_id\}(\/(jobs|bridges|retry|cancel))?$/,
  /^\/api\/v4\/projects\/\{id\}\/jobs\/\{job_id\}(\/(retry|play|cancel|trace|artifacts\/\*artifact_path))?$/,
  /^\/api\/v4\/projects\/\{id\}\/repository\/commits\/\{sha\}(\/(statuses|comments))?$/,
  /^\/api\/v4\/projects\/\{id\}\/statuses\/\{sha\}$/,
  /^\/api\/v4\/projects\/\{id\}\/protected_branches(\/\{name\})?$/,
];

/** Files copied unchanged: [from (under shared), to (under test/contract/specs)]. */
const COPIES = [
  ['specs/github/api.github.com.subset.json', 'github/api.github.com.subset.json'],
  ['specs/github/ghes-3.19.subset.json', 'github/ghes-3.19.subset.json'],
  ['specs/gitlab/external-status-checks.swagger.json', 'gitlab/external-status-checks.swagger.json'],
  ['specs/gitee/v5.partial.swagger.json', 'gitee/v5.partial.swagger.json'],
  ['specs/gitee/check-runs-values.json', 'gitee/check-runs-values.json'],
  ['samples/gitee-go-scm/pr.json', 'gitee/pr.sample.json'],
];

function refsIn(value, found) {
  if (Array.isArray(value)) for (const v of value) refsIn(v, found);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')) found.add(v.slice('#/definitions/'.length));
      else refsIn(v, found);
    }
  }
  return found;
}

function trimGitLab(source) {
  const doc = parse(readFileSync(source, 'utf8'), { maxAliasCount: -1 });
  const paths = Object.fromEntries(Object.entries(doc.paths).filter(([p]) => KEEP_GITLAB.some((re) => re.test(p))));
  const wanted = refsIn(paths, new Set());
  const queue = [...wanted];
  while (queue.length) {
    const name = queue.pop();
    const def = doc.definitions[name];
    if (!def) throw new Error(`trim-specs: #/definitions/${name} is missing from ${source}`);
    for (const next of refsIn(def, new Set())) if (!wanted.has(next)) wanted.add(next), queue.push(next);
  }
  const definitions = Object.fromEntries(Object.keys(doc.definitions).filter((n) => wanted.has(n)).map((n) => [n, doc.definitions[n]]));
  const tags = new Set(Object.values(paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags ?? [])));
  const trimmed = { ...doc, tags: (doc.tags ?? []).filter((t) => tags.has(t.name)), paths, definitions };
  const header = [
    '# GitLab REST v4 (Swagger 2.0): doc/api/openapi/openapi_v2.yaml as GitLab generates it, TRIMMED by',
    '# test/contract/trim-specs.mjs to the paths it lists (KEEP_GITLAB) and the definitions they reach.',
    `# ${Object.keys(paths).length} of ${Object.keys(doc.paths).length} paths, ${Object.keys(definitions).length} of ${Object.keys(doc.definitions).length} definitions. Do not edit: re-run the script.`,
    '',
  ].join('\n');
  return header + stringify(trimmed, { lineWidth: 0, aliasDuplicateObjects: false });
}

if (!existsSync(join(shared, 'specs', 'SOURCES.md'))) {
  console.error(`trim-specs: ${join(shared, 'specs')} not found; nothing to do (the committed copies stay as they are)`);
  process.exit(existsSync(join(out, 'SOURCES.md')) ? 0 : 1);
}
for (const [from, to] of COPIES) {
  mkdirSync(dirname(join(out, to)), { recursive: true });
  copyFileSync(join(shared, from), join(out, to));
  chmodSync(join(out, to), 0o644); // the shared copies are read-only; ours are re-written by this script
}
const gitlab = trimGitLab(join(shared, 'specs', 'gitlab', 'openapi_v2.yaml'));
writeFileSync(join(out, 'gitlab', 'openapi_v2.trimmed.yaml'), gitlab);
console.log(`trim-specs: wrote ${COPIES.length + 1} files to test/contract/specs/ (GitLab: ${gitlab.split('\n')[2].slice(2)})`);
