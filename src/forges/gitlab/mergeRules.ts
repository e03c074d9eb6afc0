// Which of a GitLab merge request's checks the merge waits for, by the project's merge rules (read in
// map.ts from the project entity).
import type { Check } from '../../core/model';
import type { GitLabMergeRules } from './map';

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
