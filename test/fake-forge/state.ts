// The fake forge's state: users (with their tokens) and projects, plus the visibility rules the
// routes share. Forge-neutral on purpose: each forge module renders these records in its own shape.
// Later kinds of records (MRs/PRs, statuses, check runs...) get their own maps here or in a sibling
// file that takes a ForgeState; `nextId(sequence)` hands out ids for them.
import type { ForgeKind } from '../../src/core/model';
import { Clock } from './clock';

export type Visibility = 'public' | 'internal' | 'private';

export interface User {
  readonly id: number;
  readonly username: string;
  name: string;
  token: string;
  email: string;
  readonly createdAt: Date;
}

export interface Project {
  readonly id: number;
  /** `group/sub/proj` (GitLab) or `owner/repo` (Gitee, GitHub). */
  readonly path: string;
  name: string;
  description: string;
  defaultBranch: string;
  visibility: Visibility;
  /** Path of the project this one was forked from. */
  forkedFromPath?: string;
  /** Usernames with write access besides the owner (the user whose username is the first path segment). */
  members: string[];
  archived: boolean;
  readonly createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  username: string;
  token: string;
  name?: string;
  email?: string;
  id?: number;
}

export interface NewProject {
  path: string;
  name?: string;
  description?: string;
  /** Default 'main'. */
  defaultBranch?: string;
  /** Default 'private'. */
  visibility?: Visibility;
  forkedFromPath?: string;
  members?: string[];
  archived?: boolean;
  id?: number;
}

/** First ids of each sequence: distinct ranges make a user id passed as a project id fail loudly. */
const SEQUENCE_START: Record<string, number> = { user: 1, project: 101, namespace: 1001 };

export class ForgeState {
  readonly users = new Map<number, User>();
  readonly projects = new Map<number, Project>();
  /** Where entities' timestamps come from; tests move it with `forge.clock.advance(ms)`. */
  readonly clock = new Clock();
  private readonly sequences = new Map<string, number>();
  private readonly namespaceIds = new Map<string, number>();

  constructor(readonly kind: ForgeKind) {}

  /** The next id of a sequence ('user', 'project', 'namespace', or any name a later record kind picks). */
  nextId(sequence: string): number {
    const next = this.sequences.get(sequence) ?? SEQUENCE_START[sequence] ?? 1;
    this.sequences.set(sequence, next + 1);
    return next;
  }

  addUser(input: NewUser): User {
    if (!/^[A-Za-z0-9_.-]+$/.test(input.username)) throw new Error(`fake forge: bad username ${JSON.stringify(input.username)}`);
    if (this.userByName(input.username)) throw new Error(`fake forge: user ${input.username} exists`);
    if (input.token === '' || this.userByToken(input.token)) throw new Error('fake forge: token empty or already used');
    const id = input.id ?? this.nextId('user');
    if (this.users.has(id)) throw new Error(`fake forge: user id ${id} exists`);
    const user: User = {
      id,
      username: input.username,
      name: input.name ?? input.username,
      token: input.token,
      email: input.email ?? `${input.username}@example.invalid`,
      createdAt: new Date(),
    };
    this.users.set(id, user);
    return user;
  }

  addProject(input: NewProject): Project {
    const path = input.path.replace(/^\/+|\/+$/g, '');
    const segments = path.split('/');
    const nested = this.kind === 'gitlab';
    if (segments.some((s) => s === '') || segments.length < 2 || (!nested && segments.length !== 2)) {
      throw new Error(`fake forge: bad ${this.kind} project path ${JSON.stringify(input.path)}`);
    }
    if (this.projectByPath(path)) throw new Error(`fake forge: project ${path} exists`);
    if (input.forkedFromPath !== undefined && !this.projectByPath(input.forkedFromPath)) {
      throw new Error(`fake forge: fork source ${input.forkedFromPath} does not exist`);
    }
    const id = input.id ?? this.nextId('project');
    if (this.projects.has(id)) throw new Error(`fake forge: project id ${id} exists`);
    const now = new Date();
    const project: Project = {
      id,
      path,
      name: input.name ?? segments[segments.length - 1],
      description: input.description ?? '',
      defaultBranch: input.defaultBranch ?? 'main',
      visibility: input.visibility ?? 'private',
      forkedFromPath: input.forkedFromPath,
      members: [...(input.members ?? [])],
      archived: input.archived ?? false,
      createdAt: now,
      updatedAt: now,
    };
    this.projects.set(id, project);
    return project;
  }

  userByToken(token: string): User | undefined {
    for (const user of this.users.values()) if (user.token === token) return user;
    return undefined;
  }

  userByName(username: string): User | undefined {
    const wanted = username.toLowerCase();
    for (const user of this.users.values()) if (user.username.toLowerCase() === wanted) return user;
    return undefined;
  }

  project(id: number): Project | undefined {
    return this.projects.get(id);
  }

  /** Case-insensitive, as the real forges resolve paths. */
  projectByPath(path: string): Project | undefined {
    const wanted = path.replace(/^\/+|\/+$/g, '').toLowerCase();
    for (const project of this.projects.values()) if (project.path.toLowerCase() === wanted) return project;
    return undefined;
  }

  /** The namespace part of a path: `group/sub` of `group/sub/proj`. */
  namespaceOf(project: Project): string {
    return project.path.slice(0, project.path.lastIndexOf('/'));
  }

  /** The owner: a user whose username is the first path segment, if there is one. */
  ownerOf(project: Project): User | undefined {
    return this.userByName(project.path.split('/')[0]);
  }

  /** A stable id for a namespace (group or user namespace) path. */
  namespaceId(namespacePath: string): number {
    const key = namespacePath.toLowerCase();
    let id = this.namespaceIds.get(key);
    if (id === undefined) {
      id = this.nextId('namespace');
      this.namespaceIds.set(key, id);
    }
    return id;
  }

  isMember(user: User | undefined, project: Project): boolean {
    if (!user) return false;
    if (this.ownerOf(project)?.id === user.id) return true;
    return project.members.some((m) => m.toLowerCase() === user.username.toLowerCase());
  }

  /** public: anyone; internal: any signed-in user; private: owner and members. */
  canRead(user: User | undefined, project: Project): boolean {
    if (project.visibility === 'public') return true;
    if (project.visibility === 'internal') return user !== undefined;
    return this.isMember(user, project);
  }

  canWrite(user: User | undefined, project: Project): boolean {
    return this.isMember(user, project) && !project.archived;
  }

  /** Projects the user can read, newest first (ids are increasing). */
  visibleProjects(user: User | undefined): Project[] {
    return [...this.projects.values()].filter((p) => this.canRead(user, p)).sort((a, b) => b.id - a.id);
  }

  forkSource(project: Project): Project | undefined {
    return project.forkedFromPath === undefined ? undefined : this.projectByPath(project.forkedFromPath);
  }

  forksOf(project: Project): Project[] {
    return [...this.projects.values()].filter((p) => this.forkSource(p)?.id === project.id);
  }
}
