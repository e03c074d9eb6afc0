// GitHub approvals: the reviews of a pull request (each user's latest deciding review), the approving
// review count the branch's rulesets ask for (from GET .../rules/branches/:branch, which needs only read
// access and which the adapter reads once), and approving as an APPROVE review on the head that was read.
import type { Approvals } from '../../core/approvals';
import type { MergeRequestRef } from '../../core/model';
import { isForgeError, withReason } from '../errors';
import type { ApprovalActions } from '../forge';
import type { HttpClient } from '../http';
import { repoApiPath } from '../checkRuns/pullRequests';
import { mapApprovers, mapRequiredApprovals } from './map';

const pull = (mr: MergeRequestRef) => `${repoApiPath(mr.projectPath)}/pulls/${mr.number}`;

/** `rules`: the target branch's rules, read once by the adapter for this and the required checks. */
export async function readGitHubApprovals(
  http: HttpClient,
  mr: MergeRequestRef,
  login: () => Promise<string | undefined>,
  rules: Promise<unknown[] | undefined>,
  signal?: AbortSignal,
): Promise<Approvals> {
  const required = rules.then((list) => (list ? mapRequiredApprovals(list) : undefined));
  const me = login().catch(() => undefined);
  try {
    const [reviews, count, user] = await Promise.all([http.paginate<unknown>(`${pull(mr)}/reviews`, 'github', { query: { per_page: 100 }, signal }), required, me]);
    const approvedBy = mapApprovers(reviews);
    const userHasApproved = user ? approvedBy.some((a) => a.username.toLowerCase() === user.toLowerCase()) : undefined;
    const isAuthor = !!user && !!mr.authorUsername && mr.authorUsername.toLowerCase() === user.toLowerCase();
    return {
      approvedBy,
      required: count,
      rules: [],
      userHasApproved,
      // GitHub refuses an author's approval of their own pull request.
      userCanApprove: user === undefined ? undefined : !isAuthor && !userHasApproved,
    };
  } catch (e) {
    if (!isForgeError(e) || e.kind === 'canceled') throw e;
    await Promise.allSettled([required, me]);
    return { approvedBy: [], rules: [], refused: { errorKind: e.kind, message: e.message } };
  }
}

/** 422 "Can not approve your own pull request"; 403 when the token may not review. */
export function githubApprovals(http: HttpClient): ApprovalActions {
  return {
    approve: async (mr, signal) => {
      await http.send('POST', `${pull(mr)}/reviews`, { body: { event: 'APPROVE', commit_id: mr.headSha }, signal }).catch((e: unknown) => {
        if (isForgeError(e, 'forbidden') || (isForgeError(e, 'unprocessable') && /own pull request/i.test(e.message))) throw withReason(e, 'mayNotApprove');
        throw e;
      });
    },
  };
}
