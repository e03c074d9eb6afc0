// Typed access to the mrGates.* settings (declared in package.json, described in package.nls*.json).
import * as vscode from 'vscode';
import type { NotificationLevel } from './core/gateChanges';
import type { ForgeKind, InstanceConfig } from './core/model';
import { FORGE_KINDS } from './core/model';
import type { TransportOptions } from './forges/transport';

export type { NotificationLevel };
export type StaleDiagnostics = 'show' | 'dim' | 'hide';

export interface Settings {
  readonly instances: readonly InstanceConfig[];
  readonly remoteName: string;
  readonly pollIntervalSeconds: number;
  readonly transport: TransportOptions;
  readonly diagnosticsEnabled: boolean;
  readonly staleDiagnostics: StaleDiagnostics;
  readonly notifications: NotificationLevel;
  /** Project URLs the Awaiting Answer queue reads besides the workspace's. */
  readonly watchedProjects: readonly string[];
  readonly queuePollSeconds: number;
  /** The queue shows only what the forge lets the user answer. */
  readonly queueOnlyAnswerable: boolean;
}

export const SECTION = 'mrGates';

function readInstances(raw: unknown): InstanceConfig[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (x): x is InstanceConfig =>
      !!x && typeof x === 'object' && typeof (x as InstanceConfig).url === 'string' && FORGE_KINDS.includes((x as InstanceConfig).forge as ForgeKind),
  );
}

/** VS Code's own proxy setting first, then the usual environment variables. */
function readProxy(): { proxy?: string; noProxy?: string } {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy') || process.env.HTTPS_PROXY || process.env.https_proxy || process.env.HTTP_PROXY || process.env.http_proxy || undefined;
  const noProxyList = http.get<string[]>('noProxy') ?? [];
  const noProxy = [...noProxyList, process.env.NO_PROXY ?? process.env.no_proxy ?? ''].filter(Boolean).join(',');
  return { proxy, noProxy };
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const caFile = config.get<string>('tls.caFile')?.trim();
  return {
    instances: readInstances(config.get('instances')),
    remoteName: config.get<string>('remoteName', '').trim(),
    pollIntervalSeconds: Math.max(5, config.get<number>('pollInterval', 30)),
    transport: { caFile: caFile || undefined, rejectUnauthorized: config.get<boolean>('tls.rejectUnauthorized', true), ...readProxy() },
    diagnosticsEnabled: config.get<boolean>('diagnostics.enabled', true),
    staleDiagnostics: config.get<StaleDiagnostics>('diagnostics.stale', 'dim'),
    notifications: config.get<NotificationLevel>('notifications', 'failures'),
    watchedProjects: (config.get<unknown[]>('watchedProjects') ?? []).filter((u): u is string => typeof u === 'string' && u.trim() !== '').map((u) => u.trim()),
    queuePollSeconds: Math.max(15, config.get<number>('queue.pollInterval', 60)),
    queueOnlyAnswerable: config.get<boolean>('queue.onlyAnswerable', false),
  };
}

/** Whether a configuration change touches anything that changes how forges are reached. */
export function affectsConnections(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION) || e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.noProxy');
}
