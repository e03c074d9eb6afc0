// The tree's nodes as the other layers use them (the provider, the status bar, the commands, the tests).
export type { CheckTarget, NodeContext, TreeNode } from './treeNode';
export { AnnotationNode } from './annotationNode';
export { ApprovalsNode } from './approvalsNode';
export { CheckNode } from './checkNode';
export { GroupNode } from './groupNode';
export { MergeRequestNode } from './mergeRequestNode';
export { MessageNode } from './messageNode';
export { OutputNode } from './outputNode';
export { ProjectNode } from './projectNode';
export { RepositoryNode } from './repositoryNode';
export { gateRollup, stateIcon } from './gateState';
export { PinnedGroupNode, PinnedPendingNode } from './pinnedNodes';
