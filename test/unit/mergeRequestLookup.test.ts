// One MR/PR by its number (Open Merge Request…, the pinned MRs' reads), on each forge against the fake:
// the same MergeRequestRef the branch's list gives, and notFound for a number the project does not have.
import { strict as assert } from 'node:assert';
import type { ForgeKind } from '../../src/core/model';
import { isForgeError } from '../../src/forges/errors';
import { createAdapter } from '../../src/forges/registry';
import { DEMO_BRANCH, DEMO_HEAD_SHA, DEMO_PROJECT_PATH, DEMO_TOKEN, FakeForge, seedDemo } from '../fake-forge';

for (const kind of ['gitlab', 'github', 'gitee'] as ForgeKind[]) {
  suite(`${kind}: one merge request by its number`, () => {
    let forge: FakeForge;
    setup(async () => {
      forge = await FakeForge.start({ kind, githubEnterprise: kind === 'github' });
      seedDemo(forge);
    });
    teardown(() => forge.close());

    test('is the MR the branch lists, read with one GET of that number', async () => {
      const adapter = createAdapter(kind, forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
      const [listed] = await adapter.findMergeRequests(DEMO_PROJECT_PATH, DEMO_BRANCH);
      forge.clearRequests();
      const found = await adapter.mergeRequests!.find(DEMO_PROJECT_PATH, listed.number);
      assert.equal(found.reference, listed.reference);
      assert.equal(found.headSha, DEMO_HEAD_SHA);
      assert.equal(found.projectPath, DEMO_PROJECT_PATH);
      assert.equal(found.sourceBranch, DEMO_BRANCH);
      assert.equal(forge.requests.length, 1, forge.requests.map((r) => `${r.method} ${r.path}`).join(', '));
      assert.match(forge.requests[0].path, kind === 'gitlab' ? /\/merge_requests\/1$/ : /\/pulls\/1$/);
    });

    test('a number the project does not have is notFound', async () => {
      const adapter = createAdapter(kind, forge.url, { token: DEMO_TOKEN, backoffMs: 1 });
      await assert.rejects(adapter.mergeRequests!.find(DEMO_PROJECT_PATH, 999), (e) => isForgeError(e, 'notFound'));
    });
  });
}
