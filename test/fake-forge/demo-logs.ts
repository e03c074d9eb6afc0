// The demo's failing jobs' logs, written as their runners write them (colours, GitLab sections,
// GitHub's timestamps and ##[group]/##[error] commands), so Show Log has something real to clean.
const ESC = '\x1b';
const red = (s: string) => `${ESC}[31;1m${s}${ESC}[0;m`;
const green = (s: string) => `${ESC}[32m${s}${ESC}[39m`;
const cyan = (s: string) => `${ESC}[36;1m${s}${ESC}[0;m`;
const section = (at: number, name: string, title: string) => `section_start:${at}:${name}\r${ESC}[0K${ESC}[0K${cyan(title)}`;
const end = (at: number, name: string) => `section_end:${at}:${name}\r${ESC}[0K`;

/** GitLab Runner's trace of the demo's failed `unit` job. */
export const DEMO_UNIT_TRACE = [
  `${ESC}[0KRunning with gitlab-runner 17.5.0 (demo)`,
  `${ESC}[0K  on demo-runner ${ESC}[0;m`,
  section(1764583200, 'prepare_executor', 'Preparing the "docker" executor'),
  'Using docker image node:20 ...',
  end(1764583204, 'prepare_executor'),
  section(1764583204, 'get_sources', 'Getting source from Git repository'),
  'Fetching changes with git depth set to 20...',
  'Checking out 3f2a91c0 as detached HEAD (ref is feature/gates)...',
  end(1764583206, 'get_sources'),
  section(1764583206, 'step_script', 'Executing "step_script" stage of the job script'),
  `${ESC}[32;1m$ npm ci${ESC}[0;m`,
  'added 214 packages in 6s\rinstalling 40%\rinstalling 100%',
  `${ESC}[32;1m$ npm test${ESC}[0;m`,
  '',
  '> mr-gates-demo@1.0.0 test',
  '> node --test',
  '',
  `${green('✔')} util › answer is 42 (0.4ms)`,
  `${red('✖')} greet › says hello (1.2ms)`,
  `  AssertionError [ERR_ASSERTION]: Expected "Hello, Ada!" but received "Hello, Ada"`,
  '      at TestContext.<anonymous> (src/app.test.ts:5:10)',
  '',
  `${red('Error: 1 of 2 tests failed')}`,
  end(1764583301, 'step_script'),
  section(1764583301, 'cleanup_file_variables', 'Cleaning up project directory and file based variables'),
  end(1764583302, 'cleanup_file_variables'),
  `${red('ERROR: Job failed: exit code 1')}`,
  '',
].join('\n');

/** GitHub Actions' log of the demo's failed `test` job. */
export const DEMO_ACTIONS_LOG = [
  '##[group]Run actions/checkout@v4',
  'Syncing repository: demo/mr-gates-demo',
  '##[endgroup]',
  '##[group]Run npm test',
  'npm test',
  '##[endgroup]',
  '> mr-gates-demo@1.0.0 test',
  `${green('✔')} util › answer is 42`,
  `${red('✖')} greet › says hello`,
  '  Expected "Hello, Ada!" but received "Hello, Ada"',
  '##[error]Process completed with exit code 1.',
  'Cleaning up orphan processes',
]
  .map((line, i) => `2026-12-01T09:00:${String(i).padStart(2, '0')}.0000000Z ${line}`)
  .join('\n');
