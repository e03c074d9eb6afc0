// Raw Gitee API v5 JSON -> the forge-neutral model. Gitee's v5 API copies GitHub's v3 shapes for users,
// repositories, pull requests and check runs (samples/gitee-go-scm), so the GitHub readers serve here too.
export { mapRepository, mapUser } from '../github/map';
