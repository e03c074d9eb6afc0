// GitLab JSON -> model, on the recorded sample shapes and on what GitLab's source says it sends.
import { strict as assert } from 'node:assert';
import { ForgeError } from '../../src/forges/errors';
import { mapBridge, mapCommitStatus, mapJob, mapLineComments, mapMergeRequest, mapPipeline, mapProject, mapStatusCheck } from '../../src/forges/gitlab/map';

const SHA = '12d65c8dd2b2676fa3ac47d955accc085a37a9c1';

suite('gitlab map: merge requests and projects', () => {
  test('a list MR (samples/gitlab-go-scm/merges.json shape) takes its head from sha', () => {
    const mr = mapMergeRequest(
      { id: 239450, iid: 1, title: 'JS fix', source_branch: 'fix', target_branch: 'master', sha: SHA, web_url: 'https://gitlab.com/gitlab-org/testme/merge_requests/1', author: { username: 'dblessing', name: 'Drew Blessing' }, source_project_id: 32732, detailed_merge_status: 'status_checks_must_pass', draft: false },
      'gitlab-org/testme',
    );
    assert.deepEqual(
      { reference: mr.reference, number: mr.number, headSha: mr.headSha, author: mr.author, mergeStatus: mr.mergeStatus, projectPath: mr.projectPath, sourceProjectId: mr.sourceProjectId, headPipeline: mr.headPipeline },
      { reference: '!1', number: 1, headSha: SHA, author: 'Drew Blessing', mergeStatus: 'status_checks_must_pass', projectPath: 'gitlab-org/testme', sourceProjectId: 32732, headPipeline: undefined },
    );
  });

  test('the single MR prefers diff_refs.head_sha and carries the head pipeline', () => {
    const mr = mapMergeRequest({ iid: 7, title: 't', source_branch: 'a', target_branch: 'b', sha: 'a'.repeat(40), web_url: 'u', diff_refs: { head_sha: 'B'.repeat(40), base_sha: 'x', start_sha: 'y' }, head_pipeline: { id: 99, status: 'running' } }, 'p');
    assert.equal(mr.headSha, 'b'.repeat(40), 'diff_refs wins, lower-cased');
    assert.deepEqual([mr.headPipeline?.forgeId, mr.headPipeline?.state], ['99', 'running']);
  });

  test('a fork project names where it was forked from', () => {
    const project = mapProject({ id: 5, name: 'app', path_with_namespace: 'me/app', web_url: 'https://g/me/app', forked_from_project: { id: 1, path_with_namespace: 'team/app' } });
    assert.equal(project.upstreamPath, 'team/app');
    assert.equal(project.numericId, 5);
  });

  test('a wrong-typed MR is a badResponse, not a crash', () => {
    assert.throws(() => mapMergeRequest('nope', 'p'), ForgeError);
    assert.throws(() => mapMergeRequest({ iid: 'x' }, 'p'), (e: ForgeError) => e.kind === 'badResponse');
  });
});

suite('gitlab map: external status checks (samples/gitlab-docs/status_checks.mr_list.response.json)', () => {
  test('passed / failed / pending map onto the core states, with the right capabilities', () => {
    const passed = mapStatusCheck({ id: 2, name: 'Service 1', external_url: 'https://gitlab.com/test-endpoint', status: 'passed' }, SHA);
    const failed = mapStatusCheck({ id: 3, name: 'S3', external_url: 'https://x', status: 'failed' }, SHA);
    const pending = mapStatusCheck({ id: 1, name: 'Service 2', external_url: 'https://gitlab.com/test-endpoint-2', status: 'pending' }, SHA);
    assert.equal(passed.state, 'passed');
    assert.deepEqual(passed.capabilities, ['settable', 'openable']);
    assert.equal(failed.state, 'failed');
    assert.ok(failed.capabilities.includes('retryable'));
    assert.equal(pending.state, 'pending');
    assert.equal(pending.note, 'pendingTimesOut');
    assert.equal(pending.id, 'externalStatusCheck:1');
    assert.equal(pending.forgeId, '1');
    assert.equal(pending.sha, SHA);
  });

  test('an empty external_url (no developer access) is shown as hidden, not as a link', () => {
    const check = mapStatusCheck({ id: 4, name: 'Hidden', external_url: '', status: 'passed' }, SHA);
    assert.equal(check.url, undefined);
    assert.equal(check.note, 'urlHidden');
    assert.ok(!check.capabilities.includes('openable'));
  });

  test('a status string GitLab may add later becomes unknown', () => {
    assert.equal(mapStatusCheck({ id: 5, name: 'n', external_url: 'u', status: 'timeout' }, SHA).state, 'unknown');
  });
});

suite('gitlab map: pipelines, jobs, bridges', () => {
  test('every pipeline status maps onto a core state', () => {
    const expected: Record<string, string> = { success: 'passed', failed: 'failed', running: 'running', pending: 'pending', created: 'pending', canceled: 'canceled', skipped: 'skipped', manual: 'action_required', scheduled: 'pending', waiting_for_resource: 'pending', preparing: 'pending', something_new: 'unknown' };
    for (const [raw, state] of Object.entries(expected)) assert.equal(mapPipeline({ id: 1, status: raw }).state, state, raw);
    assert.ok(mapPipeline({ id: 1, status: 'failed' }).capabilities.includes('retryable'));
    assert.ok(!mapPipeline({ id: 1, status: 'success' }).capabilities.includes('retryable'));
  });

  test('a failed job is retryable; a manual job is playable, neutral when optional and blocking otherwise', () => {
    const failed = mapJob({ id: 10, name: 'unit', stage: 'test', status: 'failed', duration: 65.2, web_url: 'https://g/-/jobs/10' }, '1');
    assert.deepEqual([failed.state, failed.group, failed.durationSeconds], ['failed', 'test', 65.2]);
    assert.ok(failed.capabilities.includes('retryable'));
    const optionalManual = mapJob({ id: 11, name: 'deploy', stage: 'deploy', status: 'manual', allow_failure: true }, '1');
    assert.equal(optionalManual.state, 'neutral');
    assert.ok(optionalManual.capabilities.includes('playable'));
    assert.ok(!optionalManual.capabilities.includes('retryable'));
    assert.equal(mapJob({ id: 12, name: 'gate', stage: 'deploy', status: 'manual', allow_failure: false }, '1').state, 'action_required');
  });

  test('an allowed-to-fail job keeps its failed state and says so', () => {
    const job = mapJob({ id: 13, name: 'e2e', stage: 'test', status: 'failed', allow_failure: true }, '1');
    assert.equal(job.state, 'failed');
    assert.equal(job.allowFailure, true);
  });

  test('the job with a codequality artifact is found', () => {
    const job = mapJob({ id: 14, name: 'lint', stage: 'test', status: 'success', artifacts: [{ file_type: 'trace' }, { file_type: 'codequality', filename: 'gl-code-quality-report.json' }] }, '1');
    assert.deepEqual(job.codeQuality, { jobId: '14', filename: 'gl-code-quality-report.json', projectRef: '1' });
    assert.equal(mapJob({ id: 15, name: 'x', stage: 's', status: 'success', artifacts: [{ file_type: 'trace' }] }, '1').codeQuality, undefined);
  });

  test('a bridge links to its downstream pipeline', () => {
    const bridge = mapBridge({ id: 20, name: 'docs', stage: 'deploy', status: 'running', web_url: 'https://g/-/jobs/20', downstream_pipeline: { id: 5, status: 'running', web_url: 'https://g/docs/-/pipelines/5' } }, '1');
    assert.equal(bridge.kind, 'bridge');
    assert.equal(bridge.url, 'https://g/docs/-/pipelines/5');
    assert.equal(bridge.downstreamState, 'running', 'the views word it: "downstream running", in the display language');
    assert.equal(bridge.description, undefined);
  });
});

suite('gitlab map: commit statuses and comments', () => {
  test('a commit status (samples/gitlab-go-scm/statuses.json) keeps its name and ref for re-posting', () => {
    const status = mapCommitStatus({ status: 'pending', name: 'default', description: 'the dude abides', sha: '18f3e63d05582537db6d183d9d557be09e1f90c8', target_url: 'https://gitlab.example.com/thedude/gitlab-ce/builds/91', id: 91, ref: 'master', allow_failure: true });
    assert.deepEqual([status.id, status.forgeId, status.state, status.ref, status.description], ['commitStatus:default', 'default', 'pending', 'master', 'the dude abides']);
    assert.ok(status.capabilities.includes('settable'));
    assert.equal(mapCommitStatus({ status: 'canceled', name: 'x' }).state, 'canceled');
  });

  test('only comments on a line of the new file become line comments', () => {
    const comments = mapLineComments([
      { note: 'nit', path: 'src/app.ts', line: 2, line_type: 'new', author: { name: 'Ada' } },
      { note: 'old side', path: 'src/app.ts', line: 3, line_type: 'old', author: { name: 'Bo' } },
      { note: 'general', path: null, line: null, author: { username: 'cy' } },
    ]);
    assert.deepEqual(comments, [{ path: 'src/app.ts', line: 2, note: 'nit', author: 'Ada' }]);
  });
});

suite('gitlab map: every documented state has a core state (issue 7)', () => {
  // The status enums of openapi_v2.yaml (jobs, pipelines, commit statuses), and the status-check words.
  const CI_STATUSES = ['created', 'waiting_for_resource', 'preparing', 'waiting_for_callback', 'pending', 'running', 'success', 'failed', 'canceling', 'canceled', 'skipped', 'manual', 'scheduled'];

  test('no pipeline, job, bridge or commit status state is unknown', () => {
    for (const status of CI_STATUSES) {
      assert.notEqual(mapPipeline({ id: 1, status, project_id: 1 }).state, 'unknown', `pipeline ${status}`);
      assert.notEqual(mapJob({ id: 1, name: 'j', stage: 's', status }, '1').state, 'unknown', `job ${status}`);
      assert.notEqual(mapBridge({ id: 1, name: 'b', stage: 's', status }, '1').state, 'unknown', `bridge ${status}`);
      assert.notEqual(mapCommitStatus({ id: 1, name: 'c', status }).state, 'unknown', `commit status ${status}`);
    }
  });

  test('the waiting states are pending, canceling is still running, manual needs action', () => {
    for (const status of ['waiting_for_resource', 'preparing', 'waiting_for_callback', 'scheduled', 'created']) assert.equal(mapCommitStatus({ id: 1, name: 'c', status }).state, 'pending', status);
    assert.equal(mapPipeline({ id: 1, status: 'canceling' }).state, 'running');
    assert.equal(mapCommitStatus({ id: 1, name: 'c', status: 'manual' }).state, 'action_required');
  });

  test('GitLab 14.x answers "approved" for a passed status check', () => {
    assert.equal(mapStatusCheck({ id: 1, name: 'QA', external_url: 'https://qa', status: 'approved' }, 'a'.repeat(40)).state, 'passed');
  });
});
