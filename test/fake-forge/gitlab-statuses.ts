// GitLab commit statuses and commit comments (lib/api/commit_statuses.rb, lib/api/commits.rb;
// notes/forge-api-facts.md §B):
//   GET  /projects/:id/repository/commits/:sha/statuses  every CommitStatus of the sha's pipelines: builds,
//        bridges and outside statuses (stage 'external'); latest per name unless all=true. Entity as
//        samples/gitlab-go-scm/statuses.json.
//   POST /projects/:id/statuses/:sha  200 + the status (samples/gitlab-go-scm/status.json); state machine
//        rules in gitlab-ci-state.ts postCommitStatus().
//   GET  /projects/:id/repository/commits/:sha/comments  CommitNote: note, path, line, line_type, author, created_at.
// An unknown sha answers 404 {"message":"404 Commit Not Found"}.
import { commitStatusEntity } from './gitlab-ci-entities';
import { COMMIT_STATUS_STATES, postCommitStatus, type CommitStatusState, type Job } from './gitlab-ci-state';
import { fail, glState, iso, paginated, readableProject, requireRole, userById, validateParams } from './gitlab-helpers';
import type { Router } from './router';
import type { Project } from './state';
import { json, type Reply, type RouteContext } from './types';

function knownSha(ctx: RouteContext, project: Project): string {
  const sha = (ctx.params.sha ?? '').toLowerCase();
  if (!glState(ctx).hasCommit(project, sha)) throw fail(404, '404 Commit Not Found');
  return sha;
}

function listStatuses(ctx: RouteContext): Reply {
  const params = validateParams(ctx, [
    { name: 'ref', type: 'string' },
    { name: 'stage', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'pipeline_id', type: 'integer' },
    { name: 'all', type: 'boolean' },
    { name: 'order_by', type: 'string', values: ['id', 'pipeline_id'] },
    { name: 'sort', type: 'string', values: ['asc', 'desc'] },
  ]);
  const project = readableProject(ctx);
  const sha = knownSha(ctx, project);
  const gl = glState(ctx);
  const direction = params.sort === 'desc' ? -1 : 1;
  const key = (j: Job): number => (params.order_by === 'pipeline_id' ? j.pipelineId * 1e9 + j.id : j.id);
  const rows = [...gl.jobs.values()]
    .filter((j) => {
      const pipeline = gl.pipelines.get(j.pipelineId);
      return pipeline?.projectId === project.id && pipeline.sha === sha;
    })
    .filter((j) => params.all === true || !j.retried)
    .filter((j) => params.ref === undefined || params.ref === '' || j.ref === params.ref)
    .filter((j) => params.stage === undefined || params.stage === '' || j.stage === params.stage)
    .filter((j) => params.name === undefined || params.name === '' || j.name === params.name)
    .filter((j) => params.pipeline_id === undefined || j.pipelineId === params.pipeline_id)
    .sort((a, b) => (key(a) - key(b)) * direction);
  return paginated(ctx, rows, (j) => commitStatusEntity(ctx, j));
}

function postStatus(ctx: RouteContext): Reply {
  const user = ctx.requireUser();
  const params = validateParams(ctx, [
    { name: 'state', type: 'string', required: true, values: COMMIT_STATUS_STATES },
    { name: 'ref', type: 'string' },
    { name: 'target_url', type: 'string' },
    { name: 'description', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'context', type: 'string' },
    { name: 'coverage', type: 'float' },
    { name: 'pipeline_id', type: 'integer' },
  ]);
  const project = readableProject(ctx);
  requireRole(ctx, project, 'developer');
  const sha = knownSha(ctx, project);
  const result = postCommitStatus(glState(ctx), {
    project,
    sha,
    status: params.state as CommitStatusState,
    name: (params.name as string | undefined) ?? (params.context as string | undefined) ?? 'default',
    ref: params.ref as string | undefined,
    targetUrl: params.target_url as string | undefined,
    description: params.description as string | undefined,
    coverage: params.coverage as number | undefined,
    author: user,
  });
  if ('invalid' in result) throw fail(400, result.invalid);
  return json(200, commitStatusEntity(ctx, result));
}

function listComments(ctx: RouteContext): Reply {
  const project = readableProject(ctx);
  const sha = knownSha(ctx, project);
  const comments = glState(ctx).comments.filter((c) => c.projectId === project.id && c.sha === sha);
  return paginated(ctx, comments, (c) => ({
    note: c.note, path: c.path, line: c.line, line_type: c.lineType, author: userById(ctx, c.authorId), created_at: iso(c.createdAt),
  }));
}

export function registerGitLabStatuses(router: Router): Router {
  return router
    .get('/projects/:id/repository/commits/:sha/statuses', listStatuses)
    .post('/projects/:id/statuses/:sha', postStatus)
    .get('/projects/:id/repository/commits/:sha/comments', listComments);
}
