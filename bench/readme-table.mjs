// The last step of `npm run bench`: puts the markdown the bench steps left in test-results/bench/ into
// README.md, replacing everything between the lines `<!-- bench:start -->` and `<!-- bench:end -->`.
// Rows the bench cannot measure stay outside the markers, written by hand.
//   node bench/readme-table.mjs            regenerate the README's figures (fails when a step's file or a marker is missing)
//   node bench/readme-table.mjs --clean    forget the previous run's files (the first step of `npm run bench`)
//   --readme=FILE                          another file than README.md
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

const DIR = join('test-results', 'bench');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** Each step's file, in README order, with the heading it goes under. */
const SECTIONS = [
  ['1-figures.md', 'Size, refresh and annotation reads (`bench/run.ts`)'],
  ['2-annotations.md', 'Mapping annotations to editor ranges (`bench/annotations.ts`)'],
  ['3-side-by-side.md', 'Side by side with a naive client (`bench/sideBySide.ts`)'],
  ['6-queue.md', 'The Awaiting Answer queue (`bench/queue.ts`)'],
  ['4-simulation.md', '10,000 users of one GitLab (`bench/simulation.ts`)'],
  ['5-host.md', 'Publishing and the tree in the real VS Code (`test/host/bench/`)'],
];

function fail(message) {
  console.error(`readme-table: ${message}`);
  process.exit(1);
}

const args = process.argv.slice(2);
if (args.includes('--clean')) {
  rmSync(DIR, { recursive: true, force: true });
  process.exit(0);
}
const readme = args.find((a) => a.startsWith('--readme='))?.slice('--readme='.length) ?? 'README.md';

const missing = SECTIONS.filter(([file]) => !existsSync(join(DIR, file))).map(([file]) => join(DIR, file));
if (missing.length) fail(`no output from the bench step(s) that write ${missing.join(', ')}: run \`npm run bench\` (every step must succeed).`);

const text = readFileSync(readme, 'utf8');
const lines = text.split('\n');
const starts = lines.flatMap((line, i) => (line.trim() === START ? [i] : []));
const ends = lines.flatMap((line, i) => (line.trim() === END ? [i] : []));
if (starts.length !== 1 || ends.length !== 1) {
  fail(`${readme} must have exactly one line \`${START}\` and one line \`${END}\` (found ${starts.length} and ${ends.length}); put them around the generated tables in its "## Figures" section.`);
}
if (starts[0] > ends[0]) fail(`${readme}: \`${END}\` comes before \`${START}\`.`);

const generated = [
  START,
  '<!-- Written by `npm run bench` (bench/readme-table.mjs) from the run\'s output: edit the bench, not these lines. -->',
  '',
  `Last \`npm run bench\`: Node ${process.version}, ${cpus().length} CPUs.`,
  '',
  ...SECTIONS.flatMap(([file, heading]) => [`### ${heading}`, '', readFileSync(join(DIR, file), 'utf8').trimEnd(), '']),
  END,
];
const eol = text.includes('\r\n') ? '\r\n' : '\n';
const out = [...lines.slice(0, starts[0]), ...generated, ...lines.slice(ends[0] + 1)].map((l) => l.replace(/\r$/, '')).join(eol);
writeFileSync(readme, out);
console.log(`readme-table: ${readme} regenerated from ${SECTIONS.length} bench outputs in ${DIR}.`);
