// A world for the Awaiting Answer queue (issue 12): many open MRs or PRs across `projects` projects, each
// with `checksPerMergeRequest` checks waiting for an answer. GitLab: the project's external status checks,
// none answered yet (pending). Gitee: check runs queued on the PR. GitHub: pending commit statuses.
// The user `answerer` (token QUEUE_TOKEN) is a member of every project (on Gitee an admin); the projects belong to `team`,
// and every MR is by `author`.
import { fakeSha } from './gitlab-model';
import type { ExternalStatusCheck } from './gitlab-model';
import type { FakeForge } from './server';

export const QUEUE_TOKEN = 'mrgates-queue-token';
export const QUEUE_USER = 'answerer';

export interface QueueWorldOptions {
  readonly projects?: number;
  readonly mergeRequestsPerProject: number;
  readonly checksPerMergeRequest: number;
}

export interface QueueMergeRequest {
  readonly project: string;
  readonly number: number;
  readonly headSha: string;
  readonly title: string;
}

export interface QueueWorld {
  readonly token: string;
  readonly projects: readonly string[];
  readonly mergeRequests: readonly QueueMergeRequest[];
  /** The names of the checks every MR waits for, in order. */
  readonly checkNames: readonly string[];
  /** GitLab only: each project's external status checks. */
  readonly statusChecks: ReadonlyMap<string, readonly ExternalStatusCheck[]>;
}

/** The names the checks get: what an answerer answers for. */
export const queueCheckName = (forge: FakeForge['kind'], j: number): string =>
  forge === 'gitlab' ? `QA sign-off ${j + 1}` : forge === 'gitee' ? `service-${j + 1}` : `service/${j + 1}`;

export function seedQueueWorld(forge: FakeForge, options: QueueWorldOptions): QueueWorld {
  const kind = forge.kind;
  forge.addUser({ username: 'team', token: 'mrgates-queue-team-token' });
  forge.addUser({ username: 'author', token: 'mrgates-queue-author-token' });
  forge.addUser({ username: QUEUE_USER, name: 'Check Answerer', token: QUEUE_TOKEN });
  const projects: string[] = [];
  const mergeRequests: QueueMergeRequest[] = [];
  const statusChecks = new Map<string, ExternalStatusCheck[]>();
  const checkNames = Array.from({ length: options.checksPerMergeRequest }, (_, j) => queueCheckName(kind, j));
  for (let p = 0; p < (options.projects ?? 2); p++) {
    const path = `team/service-${p + 1}`;
    forge.addProject({ path, members: [QUEUE_USER, 'author'], defaultBranch: 'main' });
    projects.push(path);
    // Only a repository admin may update a Gitee check run: the answerer owns check services there.
    if (kind === 'gitee') forge.gitee.configureRepo(path, { admins: [QUEUE_USER] });
    if (kind === 'gitlab') {
      statusChecks.set(path, checkNames.map((name, j) => forge.gitlab.addExternalStatusCheck({ project: path, name, externalUrl: `https://qa.example.com/${p + 1}/${j + 1}` })));
    }
    for (let i = 0; i < options.mergeRequestsPerProject; i++) {
      const number = i + 1;
      const headSha = fakeSha(`${path}#${number}`);
      const title = `Change ${number} of ${path}`;
      const branch = `feature/change-${number}`;
      mergeRequests.push({ project: path, number, headSha, title });
      if (kind === 'gitlab') {
        forge.gitlab.addMergeRequest({ project: path, iid: number, title, sourceBranch: branch, targetBranch: 'main', author: 'author', headSha });
        continue;
      }
      const world = kind === 'gitee' ? forge.gitee : forge.github;
      const pr = world.addPullRequest({ project: path, number, title, head: { ref: branch, sha: headSha }, base: { ref: 'main' }, author: 'author' });
      checkNames.forEach((name) =>
        kind === 'gitee'
          ? world.addCheckRun({ project: path, sha: headSha, name, status: 'queued', pullRequestId: pr.id })
          : world.addCommitStatus({ project: path, sha: headSha, state: 'pending', context: name, targetUrl: `https://ci.example.com/${path}/${number}`, description: 'Waiting for the service' }),
      );
    }
  }
  return { token: QUEUE_TOKEN, projects, mergeRequests, checkNames, statusChecks };
}
