/**
 * The badge module's contract with the rest of the app.
 *
 * Badges read everything through one injected `BadgeDataSource`, so this module knows nothing of
 * Prisma, pg-boss or the realtime layer. The lead wires a real source (the in-memory
 * current-state cache plus the rollup store); tests pass a plain in-memory fake.
 */
import type { CachedBadge, LruCache } from './cache.ts';

export const BADGE_STATUSES = ['up', 'degraded', 'down', 'unknown', 'paused', 'maintenance'] as const;
export type BadgeStatus = (typeof BADGE_STATUSES)[number];

/** Uptime / latency windows a badge may ask for. Anything else is a 400. */
export const BADGE_WINDOWS = ['24h', '7d', '30d', '90d', '1y'] as const;
export type BadgeWindow = (typeof BADGE_WINDOWS)[number];

export const BADGE_PERCENTILES = [50, 95, 99] as const;
export type BadgePercentile = (typeof BADGE_PERCENTILES)[number];

/** What a per-integration badge shows. Also the `metric` part of a badge signature. */
export const BADGE_METRICS = ['status', 'uptime', 'latency', 'cert'] as const;
export type BadgeMetric = (typeof BADGE_METRICS)[number];

/** The shields.io styles badge-maker renders. */
export const BADGE_STYLES = ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social'] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

/** What a badge may know about one integration: no config, no secrets, no history. */
export interface BadgeSubject {
  slug: string;
  /** Never rendered into a badge (labels are fixed words or the caller's `label`). Kept for snippets. */
  name: string;
  /** Public subjects have open badges; private ones need a signed URL. */
  public: boolean;
  status: BadgeStatus;
  tags: readonly string[];
  /** Whole days until the TLS certificate expires (negative once expired); null/absent = no certificate. */
  certificateDaysRemaining?: number | null;
}

export interface BadgeDataSource {
  /** Current state from an in-memory cache: synchronous and cheap, called on every request. */
  getSubject(slug: string): BadgeSubject | undefined;
  /** Every subject, for the `all` and `tag/:tag` aggregates. */
  listSubjects(): Iterable<BadgeSubject>;
  /** Time-weighted uptime ratio 0..1 over the window, or null when there is no data yet. */
  getUptime(slug: string, window: BadgeWindow): Promise<number | null>;
  /** Latency percentile in milliseconds over the window, or null when there is no data yet. */
  getLatencyPercentile(slug: string, p: BadgePercentile, window: BadgeWindow): Promise<number | null>;
  /**
   * A number that changes whenever any subject's fields change (status, public flag, tags,
   * certificate days, an integration added or removed). Rendered badges are cached per version,
   * so a missed bump means a stale badge for up to `cacheMaxAgeSeconds` (uptime, latency,
   * certificate) or until the next bump (status, aggregates).
   */
  version(): number;
}

/** The three things a badge says; everything else is presentation. */
export interface BadgeContent {
  label: string;
  message: string;
  /** A shields colour name or a `#rgb`/`#rrggbb` hex colour. */
  color: string;
}

/** Rendered output kept in the cache and sent as-is. */
export interface RenderedBadge {
  body: string;
  contentType: string;
  /** Strong ETag (quoted) derived from the bytes of `body`. */
  etag: string;
}

export interface BadgeRoutesDeps {
  data: BadgeDataSource;
  /** The app's SECRET_KEY. A badge-only key is derived from it (see signing.ts). */
  secretKey: string;
  /** `Cache-Control: max-age` / `s-maxage`, and how long uptime/latency/cert renders are reused. Default 30. */
  cacheMaxAgeSeconds?: number;
  /** Bound of the rendered-badge LRU. Default 5,000 entries (a few MB at most). */
  cacheMaxEntries?: number;
  /** Pass your own cache to share it or to observe its size; otherwise one is created. */
  cache?: LruCache<CachedBadge>;
  /** Injected clock (cache expiry). Default `() => new Date()`. */
  now?: () => Date;
  /**
   * Called when the data source throws (e.g. the database is down). The request then gets the
   * grey "unknown" badge, uncached, so a badge never turns into a broken image. For the
   * aggregates `slug` is "all" or "tag/<tag>". Log it; the error never reaches the response.
   */
  onError?: (error: unknown, context: { slug: string; metric: BadgeMetric }) => void;
}
