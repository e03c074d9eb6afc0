// What the demo's QA user answers from the Awaiting Answer view: a project nobody has checked out,
// qa/checkout-service on the demo GitLab, with ten open MRs that each wait for its "QA sign-off"
// status check. The demo workspace watches it (mrGates.watchedProjects).
import { fakeSha } from './gitlab-model';
import type { FakeForge } from './server';

export const DEMO_QUEUE_PROJECT = 'qa/checkout-service';
export const DEMO_QUEUE_CHECK = 'QA sign-off';

const TITLES = [
  'Pay with saved cards', 'Round totals per currency', 'Show delivery slots', 'Retry declined payments', 'Split shipments',
  'Gift wrapping option', 'Address autocomplete', 'Invoice as PDF', 'Coupon stacking rules', 'Guest checkout',
];

export function seedDemoQueue(forge: FakeForge): void {
  if (forge.kind !== 'gitlab') return;
  const gl = forge.gitlab;
  if (!forge.state.userByName('qa')) forge.addUser({ username: 'qa', name: 'QA Team', token: 'mrgates-demo-qa-token' });
  forge.addProject({ path: DEMO_QUEUE_PROJECT, name: 'checkout-service', members: ['demo'], visibility: 'internal' });
  gl.addExternalStatusCheck({ project: DEMO_QUEUE_PROJECT, name: DEMO_QUEUE_CHECK, externalUrl: 'https://qa.example.com/sign-off' });
  TITLES.forEach((title, i) => {
    gl.addMergeRequest({
      project: DEMO_QUEUE_PROJECT, iid: i + 1, title, sourceBranch: `feature/${title.toLowerCase().replace(/\s+/g, '-')}`, targetBranch: 'main',
      author: 'qa', headSha: fakeSha(`${DEMO_QUEUE_PROJECT}#${i + 1}`),
    });
  });
}
