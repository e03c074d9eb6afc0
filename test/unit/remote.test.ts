import * as assert from 'node:assert/strict';
import type { ForgeLocation, InstanceConfig } from '../../src/core/model';
import { forgeForOrigin, normaliseOrigin, parseRemote, PUBLIC_HOSTS } from '../../src/forges/remote';

const CORP_GITLAB: InstanceConfig = { url: 'https://git.corp.example/gitlab', forge: 'gitlab' };
const GHE: InstanceConfig = { url: 'https://ghe.corp.example', forge: 'github' };
const GITEE_ENTERPRISE: InstanceConfig = { url: 'https://Gitee.Corp.Example/', forge: 'gitee' };
const LOOPBACK: InstanceConfig = { url: 'http://127.0.0.1:43210', forge: 'gitlab' };
const PORTED: InstanceConfig = { url: 'https://git.ported.example:8443', forge: 'gitlab' };
const IPV6: InstanceConfig = { url: 'http://[::1]:8080', forge: 'gitlab' };
const ROOT_GITLAB: InstanceConfig = { url: 'https://code.example', forge: 'gitlab' };
const PREFIXED_GITHUB: InstanceConfig = { url: 'https://code.example/github', forge: 'github' };
const REMAP_GITHUB: InstanceConfig = { url: 'https://github.com', forge: 'gitlab' };
const BROKEN: InstanceConfig = { url: 'not a url', forge: 'gitlab' };

function at(forge: ForgeLocation['forge'], origin: string, projectPath: string): ForgeLocation {
  return { forge, origin, projectPath };
}

type Row = readonly [remote: string, instances: readonly InstanceConfig[], expected: ForgeLocation | undefined];

const ROWS: readonly Row[] = [
  // https, public hosts
  ['https://gitlab.com/group/proj.git', [], at('gitlab', 'https://gitlab.com', 'group/proj')],
  ['https://gitlab.com/group/proj', [], at('gitlab', 'https://gitlab.com', 'group/proj')],
  ['https://gitlab.com/group/sub/sub2/proj.git', [], at('gitlab', 'https://gitlab.com', 'group/sub/sub2/proj')],
  ['https://jihulab.com/团队/子组/项目.git', [], at('gitlab', 'https://jihulab.com', '团队/子组/项目')],
  ['https://jihulab.com/%E5%9B%A2%E9%98%9F/proj.git', [], at('gitlab', 'https://jihulab.com', '团队/proj')],
  ['https://gitee.com/owner/repo.git', [], at('gitee', 'https://gitee.com', 'owner/repo')],
  ['https://github.com/owner/repo', [], at('github', 'https://github.com', 'owner/repo')],
  ['http://gitlab.com/group/proj.git', [], at('gitlab', 'http://gitlab.com', 'group/proj')],
  // credentials, ports, query: none of it leaks into the result
  ['https://oauth2:glpat-SECRET@gitlab.com/group/proj.git', [], at('gitlab', 'https://gitlab.com', 'group/proj')],
  ['https://x-access-token:ghp_SECRET@github.com/owner/repo.git', [], at('github', 'https://github.com', 'owner/repo')],
  ['https://user@gitlab.com:8443/group/proj.git', [], at('gitlab', 'https://gitlab.com:8443', 'group/proj')],
  ['https://gitlab.com:443/group/proj.git', [], at('gitlab', 'https://gitlab.com', 'group/proj')],
  ['https://gitlab.com/group/proj.git?private_token=SECRET#readme', [], at('gitlab', 'https://gitlab.com', 'group/proj')],
  // case, slashes, escapes, whitespace
  ['https://GitLab.COM/Group/Proj.git/', [], at('gitlab', 'https://gitlab.com', 'Group/Proj')],
  ['https://gitlab.com/group/proj/', [], at('gitlab', 'https://gitlab.com', 'group/proj')],
  ['https://gitlab.com//group//proj.git//', [], at('gitlab', 'https://gitlab.com', 'group/proj')],
  ['https://gitlab.com/my%20group/proj%2Bplus.git', [], at('gitlab', 'https://gitlab.com', 'my group/proj+plus')],
  ['https://gitlab.com./group/proj.git', [], at('gitlab', 'https://gitlab.com', 'group/proj')],
  ['  https://gitlab.com/group/proj.git\n', [], at('gitlab', 'https://gitlab.com', 'group/proj')],
  // scp-like and ssh URLs: the web origin is https://host
  ['git@gitlab.com:group/sub/proj.git', [], at('gitlab', 'https://gitlab.com', 'group/sub/proj')],
  ['gitlab.com:group/proj.git', [], at('gitlab', 'https://gitlab.com', 'group/proj')],
  ['deploy@gitee.com:owner/repo.git', [], at('gitee', 'https://gitee.com', 'owner/repo')],
  ['git@GitHub.com:Owner/Repo.git/', [], at('github', 'https://github.com', 'Owner/Repo')],
  ['git@jihulab.com:/group/proj.git', [], at('gitlab', 'https://jihulab.com', 'group/proj')],
  ['ssh://git@gitlab.com:2222/group/proj.git', [], at('gitlab', 'https://gitlab.com', 'group/proj')],
  ['git+ssh://git@github.com/owner/repo.git', [], at('github', 'https://github.com', 'owner/repo')],
  ['git://gitlab.com/group/proj.git', [], at('gitlab', 'https://gitlab.com', 'group/proj')],
  ['ssh://git@altssh.gitlab.com:443/group/proj.git', [], at('gitlab', 'https://gitlab.com', 'group/proj')],
  ['ssh://git@ssh.github.com:443/owner/repo.git', [], at('github', 'https://github.com', 'owner/repo')],
  // paths of the wrong shape
  ['https://gitlab.com/proj.git', [], undefined],
  ['https://gitee.com/owner/sub/repo.git', [], undefined],
  ['https://github.com/owner/repo/tree/main', [], undefined],
  ['https://github.com/owner', [], undefined],
  ['https://gitlab.com/group%2Fproj', [], undefined],
  ['https://gitlab.com/group/.git', [], undefined],
  ['https://gitlab.com/group/%E0%A4%A', [], undefined],
  // lookalike hosts
  ['https://gitlab.com.evil.test/group/proj.git', [], undefined],
  ['https://evilgitlab.com/group/proj.git', [], undefined],
  ['https://github.com@evil.test/owner/repo.git', [], undefined],
  ['https://github.com:443@evil.test/owner/repo.git', [], undefined],
  ['git@gitee.com.cn:owner/repo.git', [], undefined],
  ['git@github.com.evil.test:owner/repo.git', [], undefined],
  ['git@github.com@evil.test:owner/repo.git', [], undefined],
  ['https://altssh.gitlab.com/group/proj.git', [], undefined],
  ['git@constructor:group/proj.git', [], undefined],
  // configured instances
  ['https://git.corp.example/gitlab/group/proj.git', [CORP_GITLAB], at('gitlab', 'https://git.corp.example/gitlab', 'group/proj')],
  ['https://GIT.CORP.EXAMPLE/gitlab/group/proj', [CORP_GITLAB], at('gitlab', 'https://git.corp.example/gitlab', 'group/proj')],
  ['https://ci:SECRET@git.corp.example/gitlab/group/proj.git', [CORP_GITLAB], at('gitlab', 'https://git.corp.example/gitlab', 'group/proj')],
  ['git@git.corp.example:group/proj.git', [CORP_GITLAB], at('gitlab', 'https://git.corp.example/gitlab', 'group/proj')],
  ['ssh://git@git.corp.example:2222/group/sub/proj.git', [CORP_GITLAB], at('gitlab', 'https://git.corp.example/gitlab', 'group/sub/proj')],
  ['https://git.corp.example/other/group/proj.git', [CORP_GITLAB], undefined],
  ['https://git.corp.example/gitlab/group/proj.git', [], undefined],
  ['https://ghe.corp.example/org/repo', [GHE], at('github', 'https://ghe.corp.example', 'org/repo')],
  ['git@ghe.corp.example:org/repo.git', [GHE], at('github', 'https://ghe.corp.example', 'org/repo')],
  ['https://ghe.corp.example/org/team/repo', [GHE], undefined],
  ['https://gitee.corp.example/owner/repo.git', [GITEE_ENTERPRISE], at('gitee', 'https://gitee.corp.example', 'owner/repo')],
  ['http://127.0.0.1:43210/group/proj.git', [LOOPBACK], at('gitlab', 'http://127.0.0.1:43210', 'group/proj')],
  ['http://127.0.0.1:9999/group/proj.git', [LOOPBACK], undefined],
  ['https://git.ported.example:8443/group/proj', [PORTED], at('gitlab', 'https://git.ported.example:8443', 'group/proj')],
  ['git@git.ported.example:group/proj.git', [PORTED], at('gitlab', 'https://git.ported.example:8443', 'group/proj')],
  ['ssh://git@[::1]:2222/group/proj.git', [IPV6], at('gitlab', 'http://[::1]:8080', 'group/proj')],
  ['https://code.example/github/owner/repo.git', [ROOT_GITLAB, PREFIXED_GITHUB], at('github', 'https://code.example/github', 'owner/repo')],
  ['https://code.example/group/proj.git', [ROOT_GITLAB, PREFIXED_GITHUB], at('gitlab', 'https://code.example', 'group/proj')],
  ['https://github.com/owner/repo.git', [REMAP_GITHUB], at('github', 'https://github.com', 'owner/repo')],
  ['https://git.corp.example/gitlab/group/proj.git', [BROKEN, CORP_GITLAB], at('gitlab', 'https://git.corp.example/gitlab', 'group/proj')],
  // not remote URLs of a forge
  ['', [], undefined],
  ['/srv/repo.git', [], undefined],
  ['../x', [], undefined],
  ['file:///x', [], undefined],
  ['C:/repos/proj.git', [], undefined],
  ['C:\\repos\\proj.git', [], undefined],
  ['ftp://gitlab.com/group/proj.git', [], undefined],
];

suite('parseRemote', () => {
  for (const [remote, instances, expected] of ROWS) {
    const label = `${JSON.stringify(remote)}${instances.length ? ` with ${instances.map((i) => i.url).join(', ')}` : ''}`;
    test(label, () => {
      assert.deepEqual(parseRemote(remote, instances), expected);
    });
  }

  test('the table covers at least 35 remote forms', () => {
    assert.ok(ROWS.length >= 35, `only ${ROWS.length} rows`);
  });

  test('credentials and query strings never reach the result', () => {
    for (const [remote, instances] of ROWS) {
      const result = JSON.stringify(parseRemote(remote, instances) ?? null);
      assert.ok(!result.includes('SECRET'), `${remote} leaked: ${result}`);
    }
  });

  test('forgeForOrigin agrees with every origin parseRemote returns', () => {
    for (const [remote, instances, expected] of ROWS) {
      if (expected) assert.equal(forgeForOrigin(expected.origin, instances), expected.forge, remote);
    }
  });
});

suite('normaliseOrigin', () => {
  const CASES: readonly [input: string, expected: string][] = [
    ['https://gitlab.example.com', 'https://gitlab.example.com'],
    ['https://GitLab.Example.COM/', 'https://gitlab.example.com'],
    ['  https://gitlab.com  ', 'https://gitlab.com'],
    ['https://git.corp.example/gitlab/', 'https://git.corp.example/gitlab'],
    ['https://git.corp.example//gitlab//ce/', 'https://git.corp.example/gitlab/ce'],
    ['https://git.corp.example/gitlab?page=2#top', 'https://git.corp.example/gitlab'],
    ['https://user:token@git.corp.example/', 'https://git.corp.example'],
    ['https://git.corp.example:443/', 'https://git.corp.example'],
    ['https://git.corp.example:8443/', 'https://git.corp.example:8443'],
    ['http://127.0.0.1:43210/', 'http://127.0.0.1:43210'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
  ];
  for (const [input, expected] of CASES) {
    test(JSON.stringify(input), () => assert.equal(normaliseOrigin(input), expected));
  }

  const BAD = ['', '   ', 'gitlab.example.com', 'localhost:8080', 'not a url', 'https://', 'ftp://host.example', 'ssh://git@host.example', 'git@gitlab.com:group/proj.git', 'file:///srv/repo'];
  for (const input of BAD) {
    test(`throws for ${JSON.stringify(input)}`, () => {
      assert.throws(() => normaliseOrigin(input), (error: unknown) => error instanceof Error && /URL/.test(error.message));
    });
  }

  test('an error message does not echo a token', () => {
    assert.throws(() => normaliseOrigin('ftp://user:SECRET@host.example'), (error: Error) => !error.message.includes('SECRET'));
    assert.throws(() => normaliseOrigin('https://user:SECRET@'), (error: Error) => !error.message.includes('SECRET'));
  });
});

suite('forgeForOrigin', () => {
  const CASES: readonly [origin: string, instances: readonly InstanceConfig[], expected: string | undefined][] = [
    ['https://gitlab.com', [], 'gitlab'],
    ['https://jihulab.com/', [], 'gitlab'],
    ['https://gitee.com', [], 'gitee'],
    ['https://GITHUB.com', [], 'github'],
    ['https://github.com.evil.test', [], undefined],
    ['https://git.corp.example/gitlab', [CORP_GITLAB], 'gitlab'],
    ['https://git.corp.example', [CORP_GITLAB], undefined],
    ['https://ghe.corp.example', [GHE], 'github'],
    ['https://gitee.corp.example', [GITEE_ENTERPRISE], 'gitee'],
    ['http://127.0.0.1:43210', [LOOPBACK], 'gitlab'],
    ['http://127.0.0.1:1', [LOOPBACK], undefined],
    ['https://code.example/github', [ROOT_GITLAB, PREFIXED_GITHUB], 'github'],
    ['https://github.com', [REMAP_GITHUB], 'github'],
    ['https://unknown.example', [BROKEN], undefined],
    ['not a url', [], undefined],
  ];
  for (const [origin, instances, expected] of CASES) {
    test(`${JSON.stringify(origin)} -> ${expected}`, () => assert.equal(forgeForOrigin(origin, instances), expected));
  }
});

suite('PUBLIC_HOSTS', () => {
  test('lists the four public hosts and cannot be changed', () => {
    assert.deepEqual({ ...PUBLIC_HOSTS }, { 'gitlab.com': 'gitlab', 'jihulab.com': 'gitlab', 'gitee.com': 'gitee', 'github.com': 'github' });
    assert.ok(Object.isFrozen(PUBLIC_HOSTS));
  });
});
