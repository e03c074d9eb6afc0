// The fake forge's public API. Tests import from here.
export { FakeForge, type FakeForgeOptions } from './server';
export { ForgeState, type NewProject, type NewUser, type Project, type User, type Visibility } from './state';
export { HUGE_BODY_BYTES, type Fault, type FaultHandle, type FaultMatch, type MalformedKind } from './faults';
export type { RequestPredicate, WaitOptions } from './recorder';
export { Router } from './router';
export { ReplyError, json, type Credential, type CredentialVia, type ForgeApi, type ForgeInfo, type Handler, type RecordedRequest, type Reply, type RouteContext } from './types';
export { DEMO_PROJECT_PATH, DEMO_TOKEN, seedDemo, type DemoSeed } from './demo-seed';
export { GITEE_PAGES, GITHUB_PAGES, GITLAB_PAGES, pageOf, type Page, type PageStyle } from './pagination';
