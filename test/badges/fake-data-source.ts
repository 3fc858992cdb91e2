/**
 * An in-memory BadgeDataSource for tests. The data source is the badge module's injected
 * dependency (the real one lives in the app core), so faking it here mocks none of our badge code.
 */
import type { BadgeDataSource, BadgePercentile, BadgeSubject, BadgeWindow } from '../../src/badges/types.ts';

export class FakeBadgeData implements BadgeDataSource {
  readonly subjects = new Map<string, BadgeSubject>();
  readonly uptime = new Map<string, number | null>();
  readonly latency = new Map<string, number | null>();
  /** Call counts, so tests can tell a cache hit from a fresh query. */
  uptimeCalls = 0;
  latencyCalls = 0;
  /** When set, the async queries throw it (a database outage). */
  failWith: Error | undefined;
  #version = 1;

  constructor(subjects: BadgeSubject[] = []) {
    for (const subject of subjects) this.subjects.set(subject.slug, subject);
  }

  /** Replace fields of a subject and bump the version, as the real state cache would. */
  update(slug: string, patch: Partial<BadgeSubject>): void {
    const current = this.subjects.get(slug);
    if (!current) throw new Error(`no subject ${slug}`);
    this.subjects.set(slug, { ...current, ...patch });
    this.#version += 1;
  }

  add(subject: BadgeSubject): void {
    this.subjects.set(subject.slug, subject);
    this.#version += 1;
  }

  getSubject(slug: string): BadgeSubject | undefined {
    return this.subjects.get(slug);
  }

  listSubjects(): Iterable<BadgeSubject> {
    return this.subjects.values();
  }

  async getUptime(slug: string, window: BadgeWindow): Promise<number | null> {
    this.uptimeCalls += 1;
    if (this.failWith) throw this.failWith;
    return this.uptime.get(`${slug}:${window}`) ?? null;
  }

  async getLatencyPercentile(slug: string, p: BadgePercentile, window: BadgeWindow): Promise<number | null> {
    this.latencyCalls += 1;
    if (this.failWith) throw this.failWith;
    return this.latency.get(`${slug}:${p}:${window}`) ?? null;
  }

  version(): number {
    return this.#version;
  }
}

export function subject(slug: string, overrides: Partial<BadgeSubject> = {}): BadgeSubject {
  return { slug, name: `Name of ${slug}`, public: true, status: 'up', tags: [], certificateDaysRemaining: null, ...overrides };
}
