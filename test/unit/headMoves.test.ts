// When a push or a new HEAD should make MR Gates re-read soon (issue 9).
import { strict as assert } from 'node:assert';
import { expectedHead } from '../../src/git/headMoves';
import type { RepoSnapshot } from '../../src/git/repositories';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const snap = (over: Partial<RepoSnapshot>): RepoSnapshot => ({ root: '/r', rootUri: undefined as never, branch: 'f', headSha: A, remotes: [], ...over });

suite('expectedHead: a push, a commit or a reset', () => {
  test('a commit or reset moves HEAD on the same branch', () => {
    assert.equal(expectedHead(snap({}), snap({ headSha: B })), B);
  });
  test('a push: the upstream now points at HEAD, or nothing is ahead any more', () => {
    assert.equal(expectedHead(snap({ upstreamCommit: B, ahead: 1 }), snap({ upstreamCommit: A, ahead: 0 })), A);
    assert.equal(expectedHead(snap({ ahead: 2 }), snap({ ahead: 0 })), A);
  });
  test('a checkout of another branch, a first snapshot, or nothing new is not one', () => {
    assert.equal(expectedHead(snap({}), snap({ branch: 'other', headSha: B })), undefined);
    assert.equal(expectedHead(undefined, snap({})), undefined);
    assert.equal(expectedHead(snap({ ahead: 0 }), snap({ ahead: 0 })), undefined);
    assert.equal(expectedHead(snap({}), snap({ branch: undefined, headSha: B })), undefined);
  });
});
