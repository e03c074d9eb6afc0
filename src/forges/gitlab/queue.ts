// GitLab's (and JiHu's) Awaiting Answer queue: the external status checks, pending or failed, of a
// project's open merge requests, on each MR's current head; and one MR by its IID.
import type { MergeRequestRef } from '../../core/model';
import type { AwaitingAnswer } from '../../core/queue';
import type { AwaitingAnswers, MergeRequestLookup } from '../forge';
import type { HttpClient } from '../http';
import { readQueue, type QueueMemory } from '../queueReads';
import { stripInternal } from './gateReader';
import { mapMergeRequest } from './map';
import { readStatusChecks } from './statusChecks';

const enc = encodeURIComponent;

export function gitlabQueue(http: HttpClient, memory: QueueMemory): AwaitingAnswers {
  return {
    read: (projectPath, signal) => {
      const base = `/projects/${enc(projectPath)}`;
      return readQueue(
        {
          key: projectPath,
          // state=opened always: GitLab's default is all states.
          listOpen: (onPage, inner) => http.list<unknown>(`${base}/merge_requests`, 'gitlab', { query: { state: 'opened', per_page: 100 }, onPage, signal: inner }),
          toMergeRequest: (raw) => stripInternal(mapMergeRequest(raw, projectPath)),
          awaiting: async (mr, inner) => {
            const { checks } = await readStatusChecks(http, base, mr.number, mr.headSha, inner);
            return checks
              .filter((check) => check.state === 'pending' || check.state === 'failed')
              // GitLab gives a status check no time; it hides external_url from users below Developer,
              // who may not answer it either (provide_status_check_response).
              .map((check): AwaitingAnswer => ({ mergeRequest: mr, check, answerable: check.url !== undefined }));
          },
        },
        memory,
        signal,
      );
    },
  };
}

export function gitlabMergeRequests(http: HttpClient): MergeRequestLookup {
  return {
    find: async (projectPath, number, signal): Promise<MergeRequestRef> =>
      stripInternal(mapMergeRequest((await http.get(`/projects/${enc(projectPath)}/merge_requests/${number}`, { signal })).data, projectPath)),
  };
}
