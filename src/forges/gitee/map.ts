// Raw Gitee API v5 JSON that differs from GitHub's -> the model. Users, repositories, pull requests,
// check runs and annotations have GitHub's v3 shapes (samples/gitee-go-scm): see checkRuns/map.ts.

/** A page of GET .../commits/:ref/check-runs: a bare list, or `{ check_runs: [...] }` like GitHub's. */
export function checkRunsOfPage(page: unknown): unknown {
  return page && typeof page === 'object' && !Array.isArray(page) ? (page as { check_runs?: unknown }).check_runs : page;
}
