// One place that turns (forge kind, origin, token, settings) into an adapter.
import type { ForgeKind } from '../core/model';
import type { ForgeAdapter } from './forge';
import { GiteeAdapter } from './gitee/adapter';
import { GitHubAdapter } from './github/adapter';
import { GitLabAdapter } from './gitlab/adapter';
import type { HttpClientOptions } from './http';

export type AdapterOptions = Omit<HttpClientOptions, 'apiBase' | 'authHeaders'>;

const FACTORIES: Record<ForgeKind, (origin: string, options: AdapterOptions) => ForgeAdapter> = {
  gitlab: GitLabAdapter.create,
  gitee: GiteeAdapter.create,
  github: GitHubAdapter.create,
};

export function createAdapter(kind: ForgeKind, origin: string, options: AdapterOptions): ForgeAdapter {
  return FACTORIES[kind](origin, options);
}
