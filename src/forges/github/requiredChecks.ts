// Which of a pull request's checks its merge waits for on GitHub: the contexts the target branch's
// rulesets require (GET /repos/{o}/{r}/rules/branches/{branch}) and those its classic protection
// requires (GET /repos/{o}/{r}/branches/{branch}); both need only read access. A required context
// matches a check run by name and a commit status by context; one that matches nothing on the head is
// an expected, pending row, as GitHub shows it. When both were read, every other check is optional;
// when either could not be, the others stay of unknown requirement.
import type { Check, Gate } from '../../core/model';

export function withRequiredContexts(gate: Gate, required: readonly string[], complete: boolean): Gate {
  const wanted = new Set(required);
  const checks = gate.checks.map((check): Check => (wanted.has(check.name) ? { ...check, required: true } : complete ? { ...check, required: false } : check));
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
