// The demo data every fake forge starts with in `npm run demo` (and anywhere else that wants it):
// one user `demo` whose token is DEMO_TOKEN, owning `demo/mr-gates-demo`, plus a fork of it by a
// second user so fork-related code has something to show. Later issues add MRs and checks here.
import type { Project, User } from './state';
import type { FakeForge } from './server';

export const DEMO_TOKEN = 'mrgates-demo-token';
export const DEMO_PROJECT_PATH = 'demo/mr-gates-demo';

export interface DemoSeed {
  readonly user: User;
  readonly project: Project;
  readonly token: string;
}

export function seedDemo(forge: FakeForge): DemoSeed {
  const user = forge.addUser({ username: 'demo', name: 'MR Gates Demo', token: DEMO_TOKEN });
  const project = forge.addProject({
    path: DEMO_PROJECT_PATH,
    name: 'mr-gates-demo',
    description: 'A project to show MR Gates',
    defaultBranch: 'main',
    visibility: 'public',
  });
  forge.addUser({ username: 'contributor', name: 'A Contributor', token: 'mrgates-demo-contributor-token' });
  forge.addProject({ path: 'contributor/mr-gates-demo', forkedFromPath: DEMO_PROJECT_PATH, visibility: 'public' });
  return { user, project, token: DEMO_TOKEN };
}
