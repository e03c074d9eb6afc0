// What the Accounts menu shows of a stored token: the label, and which requests an account answers.
import { strict as assert } from 'node:assert';
import { accountLabel, instanceName, matchesScopes } from '../../src/auth/accounts';

suite('accounts: labels and scopes of the Accounts menu', () => {
  test('the label names the user and the instance, port and path prefix included', () => {
    assert.equal(accountLabel('https://gitlab.com', 'ada'), 'ada @ gitlab.com');
    assert.equal(accountLabel('http://127.0.0.1:8080', 'ada'), 'ada @ 127.0.0.1:8080');
    assert.equal(accountLabel('https://example.com:8443/gitlab', 'bob'), 'bob @ example.com:8443/gitlab');
  });

  test('two instances on one host get two labels (VS Code signs out by label)', () => {
    assert.notEqual(accountLabel('https://example.com/gitlab', 'ada'), accountLabel('https://example.com/jihu', 'ada'));
    assert.notEqual(accountLabel('https://example.com', 'ada'), accountLabel('https://example.com:8443', 'ada'));
  });

  test('a token stored without a user name shows the instance alone', () => {
    assert.equal(accountLabel('https://gitee.com', undefined), 'gitee.com');
    assert.equal(accountLabel('https://gitee.com', ''), 'gitee.com');
    assert.equal(instanceName('https://example.com:8443/gitlab'), 'example.com:8443/gitlab');
  });

  test('no scopes or an empty list ask for every account; a scope names one origin, however it is written', () => {
    assert.equal(matchesScopes('https://gitlab.example.com', undefined), true);
    assert.equal(matchesScopes('https://gitlab.example.com', []), true);
    assert.equal(matchesScopes('https://gitlab.example.com', ['https://gitlab.example.com']), true);
    assert.equal(matchesScopes('https://gitlab.example.com', ['https://GitLab.example.com/']), true);
    assert.equal(matchesScopes('https://gitlab.example.com', ['https://gitlab.example.com:8443']), false);
    assert.equal(matchesScopes('https://gitlab.example.com', ['https://gitlab.example.com', 'https://gitlab.com']), false, 'every scope must match');
  });

  test('a scope that is not an instance URL matches no account', () => {
    assert.equal(matchesScopes('https://gitlab.example.com', ['api']), false);
    assert.equal(matchesScopes('https://gitlab.example.com', ['ftp://gitlab.example.com']), false);
  });
});
