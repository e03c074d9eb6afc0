import * as assert from 'node:assert/strict';
import { parseMergeRequestInput, parseMergeRequestNumber, type ParsedInput } from '../../src/core/mergeRequestLinks';
import { knownInstances } from '../../src/forges/remote';

const INSTANCES = knownInstances([
  { url: 'https://git.corp.example/gitlab', forge: 'gitlab' },
  { url: 'https://ghe.corp.example', forge: 'github' },
  { url: 'http://127.0.0.1:43210', forge: 'gitlab' },
  { url: 'https://code.example', forge: 'gitlab' },
  { url: 'https://code.example/github', forge: 'github' },
  // A configured public host never remaps it.
  { url: 'https://github.com', forge: 'gitlab' },
]);

const url = (forge: string, origin: string, projectPath: string, number: number): ParsedInput => ({ ok: true, input: { kind: 'url', target: { forge, origin, projectPath, number } } }) as ParsedInput;
const refused = (problem: string): ParsedInput => ({ ok: false, problem }) as ParsedInput;

suite('Open Merge Request… input', () => {
  const rows: [string, ParsedInput][] = [
    ['https://gitlab.com/group/sub/project/-/merge_requests/12', url('gitlab', 'https://gitlab.com', 'group/sub/project', 12)],
    ['  https://gitlab.com/group/project/-/merge_requests/7/diffs?commit_id=abc#note_1 ', url('gitlab', 'https://gitlab.com', 'group/project', 7)],
    ['https://jihulab.com/%E5%9B%A2%E9%98%9F/proj/-/merge_requests/3', url('gitlab', 'https://jihulab.com', '团队/proj', 3)],
    ['https://GIT.corp.example/gitlab/team/app/-/merge_requests/5', url('gitlab', 'https://git.corp.example/gitlab', 'team/app', 5)],
    ['http://127.0.0.1:43210/group/project/-/merge_requests/1', url('gitlab', 'http://127.0.0.1:43210', 'group/project', 1)],
    ['https://github.com/owner/repo/pull/12', url('github', 'https://github.com', 'owner/repo', 12)],
    ['https://github.com/owner/repo/pull/12/checks', url('github', 'https://github.com', 'owner/repo', 12)],
    ['https://ghe.corp.example/owner/repo/pull/4', url('github', 'https://ghe.corp.example', 'owner/repo', 4)],
    ['https://gitee.com/owner/repo/pulls/9', url('gitee', 'https://gitee.com', 'owner/repo', 9)],
    // The longest prefix wins: a GitHub under /github on a host whose root is a GitLab.
    ['https://code.example/github/owner/repo/pull/2', url('github', 'https://code.example/github', 'owner/repo', 2)],
    ['https://code.example/group/repo/-/merge_requests/2', url('gitlab', 'https://code.example', 'group/repo', 2)],
    ['!12', { ok: true, input: { kind: 'number', number: 12, sigil: '!' } }],
    ['#3', { ok: true, input: { kind: 'number', number: 3, sigil: '#' } }],
    ['42', { ok: true, input: { kind: 'number', number: 42, sigil: '' } }],
    // Refused
    ['', refused('empty')],
    ['   ', refused('empty')],
    ['hello', refused('notUnderstood')],
    ['!', refused('notUnderstood')],
    ['!-1', refused('notUnderstood')],
    ['!1e3', refused('notUnderstood')],
    ['!0', refused('badNumber')],
    ['#007', refused('badNumber')],
    ['!99999999999999999999', refused('badNumber')],
    ['#2147483648', refused('badNumber')],
    ['https://gitlab.com/g/p/-/merge_requests/2147483648', refused('badNumber')],
    ['https://gitlab.com/g/p/-/merge_requests/12abc', refused('badNumber')],
    ['https://gitlab.com/g/p/-/merge_requests/0x1f', refused('badNumber')],
    ['javascript:alert(1)//https://gitlab.com/g/p/-/merge_requests/1', refused('scheme')],
    ['file:///etc/passwd', refused('scheme')],
    ['ftp://gitlab.com/g/p/-/merge_requests/1', refused('scheme')],
    ['https://evil.example/g/p/-/merge_requests/1', refused('unknownHost')],
    ['https://gitlab.com.evil.example/g/p/-/merge_requests/1', refused('unknownHost')],
    ['https://evil.example/https://gitlab.com/g/p/-/merge_requests/1', refused('unknownHost')],
    ['https://gitlab.com@evil.example/g/p/-/merge_requests/1', refused('unknownHost')],
    ['http://github.com/owner/repo/pull/1', refused('unknownHost')],
    ['https://git.corp.example/other/team/app/-/merge_requests/5', refused('unknownHost')],
    ['https://ghe.corp.example:8443/owner/repo/pull/4', refused('unknownHost')],
    ['https://github.com/owner/repo/issues/12', refused('notMergeRequest')],
    ['https://github.com/owner/repo', refused('notMergeRequest')],
    ['https://gitee.com/owner/repo/pull/9', refused('notMergeRequest')],
    ['https://gitlab.com/project/-/merge_requests/1', refused('notMergeRequest')],
    ['https://gitlab.com/g/p/-/merge_requests', refused('notMergeRequest')],
    ['https://gitlab.com/g/%2e%2e/-/merge_requests/1', refused('notMergeRequest')],
    ['https://gitlab.com/g/a%2Fb/-/merge_requests/1', refused('notMergeRequest')],
    ['https://gitlab.com/g/a%5Cb/-/merge_requests/1', refused('notMergeRequest')],
    ['https://gitlab.com/g/%00/-/merge_requests/1', refused('notMergeRequest')],
    ['https://gitlab.com/g/%E0%A4%A/-/merge_requests/1', refused('notMergeRequest')],
    [`https://gitlab.com/${'a/'.repeat(2000)}-/merge_requests/1`, refused('notUnderstood')],
  ];
  for (const [input, expected] of rows) {
    test(`${JSON.stringify(input.slice(0, 80))}`, () => assert.deepEqual(parseMergeRequestInput(input, INSTANCES), expected));
  }

  test('a path that climbs out is resolved by the URL parser before it is matched, never into another project', () => {
    const parsed = parseMergeRequestInput('https://gitlab.com/g/p/../../other/x/-/merge_requests/1', INSTANCES);
    assert.deepEqual(parsed, url('gitlab', 'https://gitlab.com', 'other/x', 1));
  });

  test('numbers: positive, plain decimal, within 32 bits', () => {
    assert.equal(parseMergeRequestNumber('1'), 1);
    assert.equal(parseMergeRequestNumber('2147483647'), 2147483647);
    for (const bad of ['0', '01', '-1', '+1', '1.0', '1e3', ' 1', '2147483648', '', '１']) assert.equal(parseMergeRequestNumber(bad), undefined, bad);
  });

  test('the public hosts come first, over https, and a configured public host is left out', () => {
    const origins = knownInstances([{ url: 'https://github.com', forge: 'gitlab' }]);
    assert.deepEqual(origins.find((i) => i.origin === 'https://github.com'), { forge: 'github', origin: 'https://github.com' });
    assert.equal(origins.filter((i) => i.origin === 'https://github.com').length, 1);
  });
});
