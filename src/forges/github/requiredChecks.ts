// Which of a pull request's checks its merge waits for on GitHub: the contexts the target branch's
// rulesets require (read with GET /repos/{o}/{r}/rules/branches/{branch}, which needs only read access).
// A required context matches a check run by name and a commit status by context; one that matches
// nothing on the head is an expected, pending row, as GitHub shows it. The classic branch protection is
// not read yet, so a check no ruleset names stays of unknown requirement.
import type { Check, Gate } from '../../core/model';

export function withRequiredContexts(gate: Gate, required: readonly string[] | undefined): Gate {
  if (!required?.length) return gate;
  const wanted = new Set(required);
  const checks = gate.checks.map((check) => (wanted.has(check.name) ? { ...check, required: true } : check));
  const reported = new Set(checks.map((c) => c.name));
  const expected = [...wanted].filter((context) => !reported.has(context)).map((context): Check => ({
    id: `expected:${context}`,
    kind: 'checkRun',
    forgeId: '',
    name: context,
    state: 'pending',
    rawState: 'expected',
    sha: gate.mergeRequest.headSha,
    required: true,
    expected: true,
    capabilities: [],
  }));
  return { ...gate, checks: [...checks, ...expected] };
}
