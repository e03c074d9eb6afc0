// The Awaiting Answer queue of the forges whose pull APIs have GitHub's shape (Gitee, GitHub): the open
// PRs of a repository, a page at a time, each PR's checks on its head read as its page comes; and one
// PR by its number. What awaits an answer on one PR is each forge's own (its adapter passes it).
import type { MergeRequestRef } from '../../core/model';
import type { AwaitingAnswer } from '../../core/queue';
import type { AwaitingAnswers, MergeRequestLookup } from '../forge';
import type { HttpClient } from '../http';
import type { PaginationStyle } from '../pagination';
import { readQueue, type QueueMemory } from '../queueReads';
import { mapPullRequest } from './map';
import { repoApiPath, type RepoReader } from './pullRequests';

/** What a forge's PR object says beyond the shared fields (its map.ts). */
type Standing = (raw: unknown) => Partial<MergeRequestRef>;

function asRef(raw: unknown, projectPath: string, standing?: Standing): MergeRequestRef {
  const { headRepo: _, ...ref } = mapPullRequest(raw, projectPath);
  return { ...ref, ...standing?.(raw) };
}

export interface PullRequestQueueReading {
  readonly http: HttpClient;
  readonly repos: RepoReader;
  readonly memory: QueueMemory;
  readonly style: PaginationStyle;
  /** What awaits an answer on one PR, on its head. */
  readonly awaiting: (mr: MergeRequestRef, signal: AbortSignal) => Promise<AwaitingAnswer[]>;
  /** Whether the repository (as its forge's map.ts reads it) lets the user answer; undefined when it does not say. */
  readonly answerable: (repository: unknown) => boolean | undefined;
  readonly listStanding?: Standing;
}

export function pullRequestQueue(reading: PullRequestQueueReading): AwaitingAnswers {
  const { http, repos, memory, style, awaiting, answerable, listStanding } = reading;
  return {
    read: async (projectPath, signal) => {
      // The repository is read beside the list: what it says of the user's permission marks every item.
      // A refusal or a malformed answer leaves them unmarked, as a forge that does not say.
      const permission = repos.read(projectPath, signal).then(answerable).catch(() => undefined);
      const read = await readQueue(
        {
          key: projectPath,
          listOpen: (onPage, inner) => http.list<unknown>(`${repoApiPath(projectPath)}/pulls`, style, { query: { state: 'open', per_page: 100 }, onPage, signal: inner }),
          toMergeRequest: (raw) => asRef(raw, projectPath, listStanding),
          awaiting,
        },
        memory,
        signal,
      );
      const mayAnswer = await permission;
      return mayAnswer === undefined ? read : { ...read, items: read.items.map((item) => ({ ...item, answerable: mayAnswer })) };
    },
  };
}

/** GET /repos/:o/:r/pulls/:number: open, closed or merged, as the forge has it. */
export function pullRequestLookup(http: HttpClient, standing?: Standing): MergeRequestLookup {
  return {
    find: async (projectPath, number, signal) => asRef((await http.get(`${repoApiPath(projectPath)}/pulls/${number}`, { signal })).data, projectPath, standing),
  };
}
