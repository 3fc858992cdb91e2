/**
 * Badge module: shields-style SVG and shields.io endpoint JSON for integrations.
 * Wire it with `app.route('/badge', createBadgeRoutes({ data, secretKey }))`.
 */
export { createBadgeRoutes, DEFAULT_BADGE_MAX_AGE_SECONDS, RESERVED_BADGE_SLUGS } from './routes.ts';
export { badgeUrls, type BadgeSnippet, type BadgeUrlOptions } from './snippets.ts';
export { signBadge, verifyBadgeSignature } from './signing.ts';
export { aggregateStatus, STATUS_SEVERITY, worstStatus } from './status.ts';
export {
  CERTIFICATE_COLOR_THRESHOLDS,
  LATENCY_COLOR_THRESHOLDS,
  NO_DATA_COLOR,
  normalizeBadgeColor,
  SHIELDS_COLOR_ALIASES,
  SHIELDS_COLOR_NAMES,
  STATUS_COLORS,
  UPTIME_COLOR_THRESHOLDS,
  certificateColor,
  latencyColor,
  uptimeColor,
  type ShieldsColorName,
} from './colors.ts';
export { cleanLabel, formatCertificateDays, formatLatency, formatUptime, MAX_LABEL_LENGTH } from './format.ts';
export { defaultLabel } from './content.ts';
export { DEFAULT_BADGE_CACHE_ENTRIES, LruCache, type CachedBadge } from './cache.ts';
export {
  BADGE_METRICS,
  BADGE_PERCENTILES,
  BADGE_STATUSES,
  BADGE_STYLES,
  BADGE_WINDOWS,
  type BadgeContent,
  type BadgeDataSource,
  type BadgeMetric,
  type BadgePercentile,
  type BadgeRoutesDeps,
  type BadgeStatus,
  type BadgeStyle,
  type BadgeSubject,
  type BadgeWindow,
  type RenderedBadge,
} from './types.ts';
