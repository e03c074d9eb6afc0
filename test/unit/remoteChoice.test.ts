import { strict as assert } from 'node:assert';
import { chooseRemote, type RemoteLike } from '../../src/git/remoteChoice';

const gitlab = (name: string, path = 'group/proj'): RemoteLike => ({ name, fetchUrl: `git@gitlab.com:${path}.git` });
const unknownHost = (name: string): RemoteLike => ({ name, fetchUrl: 'https://git.unknown.example/x/y.git' });

suite('git: which remote to read (mrGates.remoteName)', () => {
  test('the configured remote name wins over upstream and origin', () => {
    const remotes = [gitlab('origin', 'a/one'), gitlab('upstream', 'a/two'), gitlab('mine', 'a/three')];
    const choice = chooseRemote(remotes, { configuredName: 'mine', upstreamRemote: 'upstream' });
    assert.equal(choice?.remoteName, 'mine');
    assert.equal(choice?.location.projectPath, 'a/three');
  });

  test('a configured remote that is missing or on an unknown host gives no choice at all', () => {
    assert.equal(chooseRemote([gitlab('origin')], { configuredName: 'nope' }), undefined);
    assert.equal(chooseRemote([unknownHost('corp'), gitlab('origin')], { configuredName: 'corp' }), undefined);
  });

  test('without a setting, the branch upstream remote comes first', () => {
    const choice = chooseRemote([gitlab('origin', 'a/one'), gitlab('fork', 'me/one')], { upstreamRemote: 'fork' });
    assert.equal(choice?.remoteName, 'fork');
  });

  test('then origin', () => {
    const choice = chooseRemote([gitlab('zeta', 'a/z'), gitlab('origin', 'a/one')], {});
    assert.equal(choice?.remoteName, 'origin');
  });

  test('an upstream on an unknown host falls through to origin', () => {
    const choice = chooseRemote([unknownHost('corp'), gitlab('origin', 'a/one')], { upstreamRemote: 'corp' });
    assert.equal(choice?.remoteName, 'origin');
  });

  test('then any remote on a known forge', () => {
    const choice = chooseRemote([unknownHost('corp'), gitlab('gl', 'a/gl')], {});
    assert.equal(choice?.remoteName, 'gl');
    assert.equal(choice?.location.forge, 'gitlab');
  });

  test('a push-only URL is used when the fetch URL is missing', () => {
    const choice = chooseRemote([{ name: 'origin', pushUrl: 'https://github.com/o/r.git' }], {});
    assert.equal(choice?.location.forge, 'github');
    assert.equal(choice?.remoteUrl, 'https://github.com/o/r.git');
  });

  test('configured instances are honoured', () => {
    const remotes = [{ name: 'origin', fetchUrl: 'https://git.corp.example/gitlab/team/app.git' }];
    assert.equal(chooseRemote(remotes, {}), undefined);
    const choice = chooseRemote(remotes, { instances: [{ url: 'https://git.corp.example/gitlab', forge: 'gitlab' }] });
    assert.deepEqual(choice?.location, { forge: 'gitlab', origin: 'https://git.corp.example/gitlab', projectPath: 'team/app' });
  });

  test('no remotes, no choice', () => {
    assert.equal(chooseRemote([], {}), undefined);
  });
});
