// Raw GitLab JSON of merging and opening merge requests (map.ts's part for them, kept apart for its size):
// the project's merge defaults, and what a refusal's body says.
import type { MergeMethod } from '../../core/merging';
import { asObject, optionalString } from '../json';

export interface GitLabMergeSettings {
  readonly method: MergeMethod;
  readonly squash: boolean;
  readonly deleteSourceBranch: boolean;
}

const MERGE_METHODS: Record<string, MergeMethod> = { merge: 'merge', rebase_merge: 'rebaseMerge', ff: 'fastForward' };

/** The project's merge defaults (GET /projects/:id): merge_method, squash_option, remove_source_branch_after_merge. */
export function mapMergeSettings(raw: unknown): GitLabMergeSettings {
  const project = asObject(raw, 'the GitLab project');
  const squash = optionalString(project, 'squash_option');
  return {
    method: MERGE_METHODS[optionalString(project, 'merge_method') ?? 'merge'] ?? 'merge',
    // `always` and `default_on` squash unless the MR says otherwise; `never` and `default_off` do not.
    squash: squash === 'always' || squash === 'default_on',
    deleteSourceBranch: project.remove_source_branch_after_merge === true,
  };
}

/** The MR a 409 of POST .../merge_requests names: "Another open merge request already exists for this source branch: !12". */
export function existingMergeRequestIid(detail: string | undefined): number | undefined {
  const m = /already exists for this source branch: !(\d+)/.exec(detail ?? '');
  return m ? Number(m[1]) : undefined;
}
