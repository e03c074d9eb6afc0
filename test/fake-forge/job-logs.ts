// Job logs, as the forges serve them:
//   GitLab  GET /projects/:id/jobs/:job_id/trace: the whole trace as text/plain (lib/api/ci/jobs.rb:
//           `content_type 'text/plain'`, `build.trace.raw || ''`), 404 for a bridge or another project's job.
//   GitHub  GET /repos/:owner/:repo/actions/jobs/:job_id/logs: 302 to a short-lived address on another
//           host (its log storage), which serves the text to anyone holding the link; the job id is the
//           Actions check run's id. A run that is not an Actions job is 404.
// The storage is a second HTTP server on 127.0.0.1 (another origin), so a client that followed the
// redirect with its token would be seen doing it: `downloads` records whether a token came along.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checksOf } from './checks-state';
import { ACTIONS_APP } from './checks-model';
import { findGitHubRepo, githubNotFound } from './github';
import { glState, numericParam, readableProject, recordNotFound } from './gitlab-helpers';
import type { ForgeState } from './state';
import { ReplyError, type Reply, type RouteContext } from './types';

export interface LogDownload {
  readonly path: string;
  /** An Authorization or PRIVATE-TOKEN header came with the request. */
  readonly withToken: boolean;
}

class LogStorage {
  readonly downloads: LogDownload[] = [];
  private readonly blobs = new Map<string, string>();
  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {
    server.on('request', (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      this.downloads.push({ path, withToken: !!(req.headers.authorization || req.headers['private-token']) });
      const text = this.blobs.get(path);
      if (text === undefined) {
        res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>BlobNotFound</Code></Error>');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
    });
  }

  static async start(): Promise<LogStorage> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new LogStorage(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  /** A new signed-looking address for the text. */
  put(text: string): string {
    const path = `/logs/${randomBytes(12).toString('hex')}.txt`;
    this.blobs.set(path, text);
    return `${this.origin}${path}?sig=${randomBytes(8).toString('hex')}&se=60s`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface LogWorld {
  readonly texts: Map<number, string>;
  storage?: Promise<LogStorage>;
}

const WORLDS = new WeakMap<ForgeState, LogWorld>();

function worldOf(state: ForgeState): LogWorld {
  let world = WORLDS.get(state);
  if (!world) WORLDS.set(state, (world = { texts: new Map() }));
  return world;
}

/** Sets the log a job (GitLab job id, or GitHub Actions check run id) answers with. */
export function setJobLog(state: ForgeState, jobId: number, text: string): void {
  worldOf(state).texts.set(jobId, text);
}

/** What the log storage was asked for (GitHub), oldest first. */
export async function logDownloads(state: ForgeState): Promise<readonly LogDownload[]> {
  const storage = worldOf(state).storage;
  return storage ? (await storage).downloads : [];
}

export async function closeLogStorage(state: ForgeState): Promise<void> {
  const storage = WORLDS.get(state)?.storage;
  if (storage) await (await storage).close();
}

/** A runner's log of a job that has not been given one: colours, sections, and its end. */
export function defaultLog(name: string, failed: boolean): string {
  const esc = '\x1b';
  return [
    `${esc}[0KRunning with gitlab-runner 17.5.0 (fake)`,
    `section_start:1700000000:prepare_script\r${esc}[0K${esc}[0K${esc}[36;1mPreparing environment${esc}[0;m`,
    'Running on runner-fake...',
    `section_end:1700000001:prepare_script\r${esc}[0K`,
    `section_start:1700000001:step_script\r${esc}[0K${esc}[0K${esc}[36;1mExecuting "step_script" stage of the job script${esc}[0;m`,
    `${esc}[32;1m$ make ${name}${esc}[0;m`,
    `progress 10%\rprogress 60%\rprogress 100%`,
    ...(failed ? [`${esc}[31;1mError: ${name} failed: 1 problem${esc}[0;m`, `section_end:1700000030:step_script\r${esc}[0K`, `${esc}[31;1mERROR: Job failed: exit code 1${esc}[0;m`] : [`section_end:1700000030:step_script\r${esc}[0K`, `${esc}[32;1mJob succeeded${esc}[0;m`]),
    '',
  ].join('\n');
}

export function gitlabTrace(ctx: RouteContext): Reply {
  ctx.requireUser();
  const project = readableProject(ctx);
  const job = glState(ctx).jobs.get(numericParam(ctx, 'job_id'));
  if (!job || job.projectId !== project.id || job.kind !== 'build') throw recordNotFound();
  const text = worldOf(ctx.state).texts.get(job.id) ?? (job.startedAt ? defaultLog(job.name, job.status === 'failed') : '');
  return { status: 200, text, headers: { 'content-type': 'text/plain', 'content-disposition': `infile; filename="${job.id}.log"` } };
}

export async function githubJobLogs(ctx: RouteContext): Promise<Reply> {
  const project = findGitHubRepo(ctx);
  const world = checksOf(ctx.state, 'github');
  const run = world.runs.get(Number(ctx.params.job_id));
  if (!run || run.projectId !== project.id || world.suites.get(run.suiteId)?.app.slug !== ACTIONS_APP.slug) {
    throw new ReplyError(githubNotFound('https://docs.github.com/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-run'));
  }
  const logs = worldOf(ctx.state);
  logs.storage ??= LogStorage.start();
  const text = logs.texts.get(run.id) ?? (run.startedAt ? defaultLog(run.name, run.conclusion === 'failure') : '');
  return { status: 302, text: '', headers: { location: (await logs.storage).put(text) } };
}
