import { strict as assert } from 'node:assert';
import { nextPageUrl, pageKey, parseLinkHeader } from '../../src/forges/pagination';

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name.toLowerCase()] ?? null });

suite('pagination: what each forge says about the next page', () => {
  test('parses a real GitLab Link header (samples/gitlab-docs/rest_pagination.headers.txt)', () => {
    const link =
      '<https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=1&per_page=3>; rel="prev", <https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3>; rel="next", <https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=1&per_page=3>; rel="first", <https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3>; rel="last"';
    const links = parseLinkHeader(link);
    assert.equal(links.get('next'), 'https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3');
    assert.equal(links.get('prev'), 'https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=1&per_page=3');
    assert.equal(links.size, 4);
  });

  test('GitHub Link URLs are returned verbatim, /repositories/:id form included', () => {
    const link = '<https://api.github.com/repositories/305573836/check-runs/1280914700/annotations?per_page=1&page=2>; rel="next", <https://api.github.com/repositories/305573836/check-runs/1280914700/annotations?per_page=1&page=2>; rel="last"';
    const next = nextPageUrl('github', 'https://api.github.com/repos/o/r/check-runs/1280914700/annotations?per_page=1', headers({ link }));
    assert.equal(next, 'https://api.github.com/repositories/305573836/check-runs/1280914700/annotations?per_page=1&page=2');
  });

  test('GitHub without rel=next is the last page', () => {
    assert.equal(nextPageUrl('github', 'https://api.github.com/x?page=3', headers({ link: '<https://api.github.com/x?page=1>; rel="first"' })), undefined);
    assert.equal(nextPageUrl('github', 'https://api.github.com/x', headers({})), undefined);
  });

  test('GitLab falls back to x-next-page, and an empty x-next-page ends the list', () => {
    assert.equal(nextPageUrl('gitlab', 'https://g.example/api/v4/p?per_page=20', headers({ 'x-next-page': '2' })), 'https://g.example/api/v4/p?per_page=20&page=2');
    assert.equal(nextPageUrl('gitlab', 'https://g.example/api/v4/p?page=4', headers({ 'x-next-page': '' })), undefined);
  });

  test('Gitee counts up to total_page', () => {
    assert.equal(nextPageUrl('gitee', 'https://gitee.com/api/v5/x?per_page=100', headers({ total_page: '3' })), 'https://gitee.com/api/v5/x?per_page=100&page=2');
    assert.equal(nextPageUrl('gitee', 'https://gitee.com/api/v5/x?page=3', headers({ total_page: '3' })), undefined);
    assert.equal(nextPageUrl('gitee', 'https://gitee.com/api/v5/x', headers({})), undefined);
  });

  test('odd Link headers do not throw', () => {
    assert.equal(parseLinkHeader('garbage').size, 0);
    assert.equal(parseLinkHeader('<a>; foo=bar').size, 0);
    assert.equal(parseLinkHeader('<https://x/a>; rel="next prev"').get('prev'), 'https://x/a');
  });
});

suite('pagination: telling pages apart', () => {
  test('pageKey: parameter order does not matter, and no page parameter is page 1', () => {
    const key = (u: string) => pageKey(new URL(u));
    assert.equal(key('https://g.example/api/v4/p?per_page=20'), key('https://g.example/api/v4/p?page=1&per_page=20'));
    assert.equal(key('https://g.example/api/v4/p?a=1&b=2&page=3'), key('https://g.example/api/v4/p?page=3&b=2&a=1'));
    assert.notEqual(key('https://g.example/api/v4/p?page=2'), key('https://g.example/api/v4/p?page=3'));
    assert.notEqual(key('https://g.example/api/v4/p?page=2'), key('https://g.example/api/v4/q?page=2'));
  });
});
