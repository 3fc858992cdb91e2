/**
 * Badges wired into the app: the `/badge` routes over the real data source, and the embed
 * snippets the integration detail page shows. Built once per process in server.ts and kept on
 * the AppContext as `badges`.
 *
 * The SECRET_KEY that signs private badge URLs stays inside this closure: the context carries
 * functions that use it, never the string, so logging or serialising the context cannot leak it.
 */
import type { Hono } from 'hono';
import type pg from 'pg';
import type { Analytics } from '../analytics/types.ts';
import type { Logger } from '../log.ts';
import type { StateCache } from '../realtime/state-cache.ts';
import { createBadgeDataSource } from './data-source.ts';
import { createBadgeRoutes } from './routes.ts';
import { badgeUrls, type BadgeSnippet } from './snippets.ts';
import type { BadgeMetric } from './types.ts';

export const BADGE_MOUNT_PATH = '/badge';

export interface BadgeFeature {
  /** Hono sub-app to mount at BADGE_MOUNT_PATH. */
  readonly routes: Hono;
  /**
   * Copy-ready URLs plus Markdown / HTML / shields.io snippets for every metric of one
   * integration (signed when it is private). Links use PUBLIC_URL when set, else `requestOrigin`
   * (e.g. `new URL(c.req.url).origin`). Render only to users allowed to see the integration: a
   * private integration's snippets carry its signatures.
   */
  embedSnippets(integration: { slug: string; isPublic: boolean }, requestOrigin: string): BadgeSnippet[];
}

export interface BadgeFeatureDeps {
  secretKey: string;
  state: StateCache;
  pool: pg.Pool;
  analytics: Pick<Analytics, 'uptime' | 'latencyPercentiles'>;
  clock: () => Date;
  log: Logger;
  /** BADGE_CACHE_SECONDS. */
  cacheMaxAgeSeconds: number;
  /** PUBLIC_URL, when configured. */
  publicUrl: string | undefined;
}

/** A database outage under badge traffic would log one line per request; one per 10 s is enough. */
const ERROR_LOG_INTERVAL_MS = 10_000;

export function createBadgeFeature(deps: BadgeFeatureDeps): BadgeFeature {
  const log = deps.log.child({ component: 'badges' });
  let lastErrorLoggedAt = -Infinity;
  let suppressed = 0;
  function onError(error: unknown, context: { slug: string; metric: BadgeMetric }): void {
    const now = Date.now();
    if (now - lastErrorLoggedAt < ERROR_LOG_INTERVAL_MS) {
      suppressed += 1;
      return;
    }
    log.warn({ err: (error as Error)?.message ?? String(error), ...context, suppressed }, 'badge data unavailable; served the grey badge');
    lastErrorLoggedAt = now;
    suppressed = 0;
  }

  const data = createBadgeDataSource({ state: deps.state, pool: deps.pool, analytics: deps.analytics, clock: deps.clock });
  const routes = createBadgeRoutes({
    data,
    secretKey: deps.secretKey,
    cacheMaxAgeSeconds: deps.cacheMaxAgeSeconds,
    now: deps.clock,
    onError,
  });

  return {
    routes,
    embedSnippets(integration, requestOrigin) {
      return badgeUrls({
        baseUrl: deps.publicUrl ?? requestOrigin,
        slug: integration.slug,
        isPublic: integration.isPublic,
        secretKey: deps.secretKey,
        mountPath: BADGE_MOUNT_PATH,
      });
    },
  };
}

