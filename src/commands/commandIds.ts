// Every command id MR Gates registers. A unit test checks this list against package.json both ways.
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
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const VIEW_ID = 'mrGates.gates';
export const VIEW_CONTAINER_ID = 'mrGates';
