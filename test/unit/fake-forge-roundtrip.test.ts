// The fake forge's round trip (FakeForgeOptions.roundTripMs), which bench/ puts in front of every
// request: unlike a delay fault it keeps the forge's validators, so a conditional GET is still a 304,
// and it records each answer for the bench to count. No test here waits on the clock.
import * as assert from 'node:assert/strict';
import { FakeForge } from '../fake-forge';

const TOKEN = { 'PRIVATE-TOKEN': 'rt-token' };

async function seeded(options: { roundTripMs?: number }): Promise<FakeForge> {
  const forge = await FakeForge.start({ kind: 'gitlab', exchanges: false, ...options });
  forge.addUser({ username: 'rt', token: 'rt-token' });
  forge.addProject({ path: 'group/proj', members: ['rt'] });
  return forge;
}

suite('fake forge: round trip', () => {
  test('answers keep their validators, a conditional GET is a 304, and each answer is recorded', async () => {
    const forge = await seeded({ roundTripMs: 5 });
    try {
      const url = `${forge.apiBase}/projects/group%2Fproj`;
      const first = await fetch(url, { headers: TOKEN });
      await first.arrayBuffer();
      const etag = first.headers.get('etag');
      assert.equal(first.status, 200);
      assert.ok(etag, 'the answer carries an ETag');
      const again = await fetch(url, { headers: { ...TOKEN, 'if-none-match': etag } });
      await again.arrayBuffer();
      assert.equal(again.status, 304);
      assert.deepEqual(
        forge.timings.map((t) => [t.method, t.target, t.status]),
        [
          ['GET', '/api/v4/projects/group%2Fproj', 200],
          ['GET', '/api/v4/projects/group%2Fproj', 304],
        ],
      );
      assert.ok(forge.timings.every((t) => t.answeredAt >= t.receivedAt));
      forge.clearTimings();
      assert.equal(forge.timings.length, 0);
    } finally {
      await forge.close();
    }
  });

  test('without a round trip nothing is recorded', async () => {
    const forge = await seeded({});
    try {
      const answer = await fetch(`${forge.apiBase}/projects/group%2Fproj`, { headers: TOKEN });
      await answer.arrayBuffer();
      assert.equal(answer.status, 200);
      assert.equal(forge.timings.length, 0);
    } finally {
      await forge.close();
    }
  });

  test('closing the forge ends a request still in its round trip', async () => {
    const forge = await seeded({ roundTripMs: 60_000 });
    const pending = fetch(`${forge.apiBase}/projects/group%2Fproj`, { headers: TOKEN });
    await forge.waitForRequest((r) => r.path.endsWith('/projects/group%2Fproj'));
    await forge.close();
    await assert.rejects(pending);
    assert.equal(forge.timings.length, 0);
  });
});
