// Which of a GitLab merge request's checks the merge waits for, by the project's merge rules (read by
// map.ts's mapProject from the project entity).
import type { Check } from '../../core/model';

/** What the project makes the merge wait for; undefined when the project does not say (a tier without the setting). */
export interface GitLabMergeRules {
  /** only_allow_merge_if_pipeline_succeeds: the pipeline and its jobs (but allowed failures) are required. */
  readonly pipelineMustSucceed?: boolean;
  /** only_allow_merge_if_all_status_checks_passed (Ultimate): every external status check is required, pending blocks too. */
  readonly statusChecksMustPass?: boolean;
}

/**
 * Each check marked required or optional by the project's rules: external status checks by
 * statusChecksMustPass; the pipeline, its jobs and the commit statuses (which are jobs of its `external`
 * stage) by pipelineMustSucceed, an allowed failure being optional. A rule the project did not state
 * leaves its checks unknown.
 */
export function withRequirements(checks: readonly Check[], rules: GitLabMergeRules): Check[] {
  return checks.map((check) => {
    const rule = check.kind === 'externalStatusCheck' ? rules.statusChecksMustPass : rules.pipelineMustSucceed;
    if (rule === undefined) return check;
    return { ...check, required: rule && !check.allowFailure };
  });
}

/** The pipeline a project requires but the head has none of yet: GitLab blocks the merge ("ci_must_pass"). */
export function expectedPipeline(sha: string): Check {
  return { id: 'pipeline:expected', kind: 'pipeline', forgeId: '', name: 'pipeline', state: 'pending', rawState: 'expected', sha, required: true, expected: true, capabilities: [] };
}
