/**
 * Decides what a badge request shows and serves it from the bounded cache.
 *
 * Privacy rule: a badge for an unknown slug, a private integration without a valid signature,
 * and a private integration with a wrong signature are all built from the SAME inputs (the label
 * and presentation only — never the slug or anything about the subject), so their bytes, ETag and
 * headers are identical and a badge never tells whether something exists. Aggregates count
 * public integrations only (a signature opens one integration, not a group), and an empty group
 * gets that same grey badge, so a tag used only by private integrations looks like no tag.
 */
import { LruCache, type CachedBadge, DEFAULT_BADGE_CACHE_ENTRIES } from './cache.ts';
import {
  DEFAULT_LATENCY_PERCENTILE,
  DEFAULT_LATENCY_WINDOW,
  DEFAULT_UPTIME_WINDOW,
  certificateValue,
  defaultLabel,
  latencyValue,
  statusValue,
  UNKNOWN_VALUE,
  uptimeValue,
  type BadgeValue,
} from './content.ts';
import { renderShieldsJson, renderSvg, type BadgePresentation } from './render.ts';
import { verifyBadgeSignature } from './signing.ts';
import { aggregateStatus } from './status.ts';
import type {
  BadgeContent,
  BadgeMetric,
  BadgePercentile,
  BadgeRoutesDeps,
  BadgeStatus,
  BadgeSubject,
  BadgeWindow,
  RenderedBadge,
} from './types.ts';

export type BadgeFormat = 'svg' | 'json';

/** Everything about how a badge looks or is labelled; already validated and canonical. */
export interface BadgeLook {
  format: BadgeFormat;
  /** Caller's label (cleaned); undefined → the metric's default label. */
  label?: string;
  /** Caller's message colour; never applied to the grey "unknown" badge. */
  color?: string;
  presentation: BadgePresentation;
}

export interface SubjectBadgeRequest extends BadgeLook {
  slug: string;
  metric: BadgeMetric;
  window?: BadgeWindow;
  p?: BadgePercentile;
  sig?: string;
}

export interface AggregateBadgeRequest extends BadgeLook {
  /** Undefined → every public integration. Matched case-insensitively. */
  tag?: string;
}

export interface BadgeService {
  subjectBadge(request: SubjectBadgeRequest): Promise<RenderedBadge>;
  aggregateBadge(request: AggregateBadgeRequest): RenderedBadge;
}

export function createBadgeService(deps: BadgeRoutesDeps): BadgeService {
  const { data, secretKey } = deps;
  const ttlMs = (deps.cacheMaxAgeSeconds ?? 30) * 1000;
  const cache = deps.cache ?? new LruCache<CachedBadge>(deps.cacheMaxEntries ?? DEFAULT_BADGE_CACHE_ENTRIES);
  const nowMs = () => (deps.now ? deps.now().getTime() : Date.now());
  // One data-source query per distinct badge at a time, however many README views arrive at once.
  const inFlight = new Map<string, Promise<RenderedBadge>>();

  function render(look: BadgeLook, content: BadgeContent): RenderedBadge {
    return look.format === 'svg' ? renderSvg(content, look.presentation) : renderShieldsJson(content, look.presentation);
  }

  /** Canonical key: only what changes the bytes, in a fixed order (JSON.stringify escapes separators). */
  function lookKey(look: BadgeLook, label: string, color: string | undefined): unknown[] {
    const { style, labelColor, logo } = look.presentation;
    // An SVG without a style IS a flat SVG; the JSON only carries style when asked, so there it differs.
    const styleKey = look.format === 'svg' ? (style ?? 'flat') : style;
    return [look.format, label, color, styleKey, labelColor, look.format === 'json' ? logo : undefined];
  }

  function fresh(key: string, version: number): RenderedBadge | undefined {
    const entry = cache.get(key);
    if (!entry) return undefined;
    if ((entry.version !== null && entry.version !== version) || nowMs() >= entry.expiresAt) {
      cache.delete(key);
      return undefined;
    }
    return entry.rendered;
  }

  function store(key: string, entry: CachedBadge): RenderedBadge {
    cache.set(key, entry);
    return entry.rendered;
  }

  /** The grey badge for anything we will not talk about. Depends on label and look only. */
  function hiddenBadge(look: BadgeLook, label: string): RenderedBadge {
    const key = JSON.stringify(['hidden', ...lookKey(look, label, undefined)]);
    const cached = fresh(key, 0);
    if (cached) return cached;
    return store(key, { rendered: render(look, { label, ...UNKNOWN_VALUE }), version: null, expiresAt: Infinity });
  }

  function withLook(look: BadgeLook, label: string, value: BadgeValue): BadgeContent {
    return { label, message: value.message, color: look.color ?? value.color };
  }

  async function subjectValue(subject: BadgeSubject, metric: BadgeMetric, window: BadgeWindow, p: BadgePercentile) {
    switch (metric) {
      case 'status':
        return statusValue(subject.status);
      case 'uptime':
        return uptimeValue(await data.getUptime(subject.slug, window));
      case 'latency':
        return latencyValue(await data.getLatencyPercentile(subject.slug, p, window));
      case 'cert':
        return certificateValue(subject.certificateDaysRemaining);
    }
  }

  async function subjectBadge(request: SubjectBadgeRequest): Promise<RenderedBadge> {
    const { slug, metric } = request;
    // Normalise defaults first so `?window=30d` and no window share one entry.
    const window = request.window ?? (metric === 'latency' ? DEFAULT_LATENCY_WINDOW : DEFAULT_UPTIME_WINDOW);
    const p = request.p ?? DEFAULT_LATENCY_PERCENTILE;
    const label = request.label ?? defaultLabel(metric, window, p);

    let subject: BadgeSubject | undefined;
    let version: number;
    try {
      subject = data.getSubject(slug);
      version = data.version();
    } catch (error) {
      deps.onError?.(error, { slug, metric });
      return hiddenBadge(request, label);
    }
    // Verify whenever a signature is given, even for unknown slugs, so timing does not differ.
    const signed = request.sig !== undefined && verifyBadgeSignature(secretKey, slug, metric, request.sig);
    if (!subject || !(subject.public || signed)) return hiddenBadge(request, label);
    const visible = subject;

    const usesWindow = metric === 'uptime' || metric === 'latency';
    const key = JSON.stringify([
      'subject',
      slug,
      metric,
      usesWindow ? window : undefined,
      metric === 'latency' ? p : undefined,
      ...lookKey(request, label, request.color),
    ]);
    const cached = fresh(key, version);
    if (cached) return cached;

    const flightKey = `${version}:${key}`;
    const pending = inFlight.get(flightKey);
    if (pending) return pending;
    const work = (async () => {
      try {
        const value = await subjectValue(visible, metric, window, p);
        // Status only changes with the version; uptime, latency and certificate days also drift with time.
        const expiresAt = metric === 'status' ? Infinity : nowMs() + ttlMs;
        return store(key, { rendered: render(request, withLook(request, label, value)), version, expiresAt });
      } catch (error) {
        deps.onError?.(error, { slug, metric });
        // Not cached: we want the real badge back as soon as the data source recovers.
        return hiddenBadge(request, label);
      } finally {
        inFlight.delete(flightKey);
      }
    })();
    inFlight.set(flightKey, work);
    return work;
  }

  function* publicStatuses(tag: string | undefined): Generator<BadgeStatus> {
    for (const subject of data.listSubjects()) {
      if (!subject.public) continue;
      if (tag !== undefined && !subject.tags.some((t) => t.toLowerCase() === tag)) continue;
      yield subject.status;
    }
  }

  function aggregateBadge(request: AggregateBadgeRequest): RenderedBadge {
    const label = request.label ?? defaultLabel('status');
    const tag = request.tag?.toLowerCase();
    const key = JSON.stringify(['aggregate', tag ?? null, ...lookKey(request, label, request.color)]);
    let version: number;
    let status: BadgeStatus | undefined;
    try {
      version = data.version();
      const cached = fresh(key, version);
      if (cached) return cached;
      status = aggregateStatus(publicStatuses(tag));
    } catch (error) {
      deps.onError?.(error, { slug: tag === undefined ? 'all' : `tag/${tag}`, metric: 'status' });
      return hiddenBadge(request, label);
    }
    const rendered =
      status === undefined ? hiddenBadge(request, label) : render(request, withLook(request, label, statusValue(status)));
    return store(key, { rendered, version, expiresAt: Infinity });
  }

  return { subjectBadge, aggregateBadge };
}
