// The ids of DESIGN.md §3 that views, commands and tests share: every command MR Gates registers,
// its view, and its authentication provider. A unit test checks them against package.json both ways.
export const COMMANDS = {
  signIn: 'mrGates.signIn',
  signOut: 'mrGates.signOut',
  refresh: 'mrGates.refresh',
  openInBrowser: 'mrGates.openInBrowser',
  setStatus: 'mrGates.setStatus',
  retry: 'mrGates.retry',
  retryFailed: 'mrGates.retryFailed',
  runAction: 'mrGates.runAction',
  manageStatusChecks: 'mrGates.manageStatusChecks',
  showCheckOutput: 'mrGates.showCheckOutput',
  configureInstances: 'mrGates.configureInstances',
  playJob: 'mrGates.playJob',
  showLog: 'mrGates.showLog',
  approve: 'mrGates.approve',
  unapprove: 'mrGates.unapprove',
  merge: 'mrGates.merge',
  createMergeRequest: 'mrGates.createMergeRequest',
  refreshQueue: 'mrGates.refreshQueue',
  answerFromQueue: 'mrGates.answerFromQueue',
  retryFromQueue: 'mrGates.retryFromQueue',
  groupQueueByCheck: 'mrGates.groupQueueByCheck',
  groupQueueByMergeRequest: 'mrGates.groupQueueByMergeRequest',
  openMergeRequest: 'mrGates.openMergeRequest',
  unpinMergeRequest: 'mrGates.unpinMergeRequest',
} as const;

export const VIEW_ID = 'mrGates.gates';
/** The Awaiting Answer queue (issue 12). */
export const QUEUE_VIEW_ID = 'mrGates.queue';
/** The authentication provider of the Accounts menu (package.json contributes.authentication). */
export const AUTH_PROVIDER_ID = 'mr-gates';
export const AUTH_PROVIDER_LABEL = 'MR Gates';
export const VIEW_CONTAINER_ID = 'mrGates';
