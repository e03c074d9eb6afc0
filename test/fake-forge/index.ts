// The fake forge's public API. Tests import from here.
export { FakeForge, type FakeForgeOptions, type TimedExchange } from './server';
export { ForgeState, type NewProject, type NewUser, type Project, type User, type Visibility } from './state';
export { HUGE_BODY_BYTES, type Fault, type FaultHandle, type FaultMatch, type MalformedKind } from './faults';
export type { RequestPredicate, WaitOptions } from './recorder';
export { Router } from './router';
export { ReplyError, json, type Credential, type CredentialVia, type ForgeApi, type ForgeInfo, type Handler, type RecordedRequest, type Reply, type RouteContext } from './types';
export {
  DEMO_BRANCH, DEMO_CODE_QUALITY_REPORT, DEMO_HEAD_SHA, DEMO_MR_IID, DEMO_MR_TITLE, DEMO_PROJECT_PATH, DEMO_TOKEN, seedDemo,
  type DemoSeed, type GitLabDemoSeed,
} from './demo-seed';
export { Clock } from './clock';
export {
  ACCESS_LEVELS, GitLabState, STATUS_CHECK_STATUSES, STATUS_CHECK_TIMEOUT_MS, fakeSha,
  type CommitComment, type ExternalStatusCheck, type GitLabProjectSettings, type GitLabRole, type MergeRequest, type MergeRequestState,
  type NewCommitComment, type NewExternalStatusCheck, type NewMergeRequest, type NewStatusCheckResponse, type ProjectRef,
  type ProtectedBranch, type StatusCheckResponse, type StatusCheckRetry, type StatusCheckStatus, type UserRef,
} from './gitlab-state';
export {
  COMMIT_STATUS_STATES, JOB_STATUSES,
  type Artifact, type BridgeInput, type CommitStatusInput, type CommitStatusState, type Job, type JobInput, type JobKind, type JobStatus,
  type Pipeline, type PipelineInput,
} from './gitlab-ci-state';
export { GITEE_PAGES, GITHUB_PAGES, GITLAB_PAGES, pageOf, type Page, type PageStyle } from './pagination';
export {
  ACTIONS_APP, ANNOTATION_LEVELS, CHECK_RUN_CONCLUSIONS, CHECK_RUN_STATUSES, ChecksState, COMMIT_STATUS_STATES as GITHUB_COMMIT_STATUS_STATES,
  DEFAULT_APP, FAILED_CONCLUSIONS, runRecency, seedSha,
  type AccountRef, type AnnotationInput, type AnnotationLevel, type AppInput, type CheckApp, type CheckRun, type CheckRunAction,
  type CheckRunConclusion, type CheckRunImage, type CheckRunOutput, type CheckRunStatus, type CheckRunUpdate, type CheckSuite,
  type CommitStatus as GitHubCommitStatus, type CommitStatusState as GitHubCommitStatusState, type FailedJobsRerun,
  type NewCheckRun, type NewCheckSuite, type NewCommitStatus as NewGitHubCommitStatus, type NewPullRequest, type PullRequest,
  type PullRequestState, type RepoCheckSettings, type RepoRef,
} from './checks-state';
export { DEMO_LINT_ANNOTATIONS, passGitHubDemoGates, type DemoPullRequestOptions, type GiteeDemoSeed, type GitHubDemoSeed } from './demo-seed-checks';
export { parseNestedForm } from './checks-form';
export { addRequiredChecksRuleset, type RequiredStatusCheck } from './github-rules';
export { githubReviews, type GitHubReviews, type Review, type ReviewState } from './github-reviews';
export { giteeReviews, type GiteeReviews } from './gitee-reviews';
export { QUEUE_TOKEN, QUEUE_USER, queueCheckName, seedQueueWorld, type QueueMergeRequest, type QueueWorld, type QueueWorldOptions } from './queue-seed';
