// Environment tokens go to the one origin they belong to (issue 7: never send one company's token to
// another company's host).
import { strict as assert } from 'node:assert';
import { environmentTokenFor } from '../../src/auth/environmentTokens';

suite('environment tokens: each to its own origin only', () => {
  const env = { GITLAB_TOKEN: 'gl-secret', GITEE_TOKEN: 'ge-secret', GITHUB_TOKEN: 'gh-secret', MR_GATES_TOKEN: 'company-secret' };

  test('GITLAB_TOKEN, GITEE_TOKEN and GITHUB_TOKEN go to their own public host', () => {
    assert.equal(environmentTokenFor('https://gitlab.com', env)?.token, 'gl-secret');
    assert.equal(environmentTokenFor('https://gitee.com', env)?.token, 'ge-secret');
    assert.equal(environmentTokenFor('https://github.com', env)?.token, 'gh-secret');
  });

  test('a forge token never goes to another host of the same forge, nor to JiHu', () => {
    for (const origin of ['https://gitlab.example.com', 'https://jihulab.com', 'https://github.example.com', 'http://127.0.0.1:8080']) {
      assert.equal(environmentTokenFor(origin, env), undefined, origin);
    }
  });

  test('MR_GATES_TOKEN without MR_GATES_URL goes nowhere, not even to the public hosts', () => {
    const only = { MR_GATES_TOKEN: 'company-secret' };
    for (const origin of ['https://gitlab.com', 'https://jihulab.com', 'https://gitee.com', 'https://github.com']) {
      assert.equal(environmentTokenFor(origin, only), undefined, origin);
    }
  });

  test('MR_GATES_TOKEN goes only to the origin MR_GATES_URL names, path prefix and port included', () => {
    const named = { MR_GATES_TOKEN: 'company-secret', MR_GATES_URL: 'https://git.example.com:8443/gitlab/' };
    assert.equal(environmentTokenFor('https://git.example.com:8443/gitlab', named)?.variable, 'MR_GATES_TOKEN');
    assert.equal(environmentTokenFor('https://git.example.com:8443', named), undefined);
    assert.equal(environmentTokenFor('https://git.example.com/gitlab', named), undefined);
    assert.equal(environmentTokenFor('https://git.example.com.evil.test:8443/gitlab', named), undefined);
  });

  test('MR_GATES_URL naming a public host wins over its forge variable there, and a broken URL names nothing', () => {
    assert.equal(environmentTokenFor('https://gitlab.com', { ...env, MR_GATES_URL: 'https://gitlab.com' })?.token, 'company-secret');
    assert.equal(environmentTokenFor('https://gitlab.com', { MR_GATES_TOKEN: 'x-secret', MR_GATES_URL: 'not a url' }), undefined);
  });
});
