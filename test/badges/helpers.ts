/** Small helpers shared by the badge tests. */
import { createBadgeRoutes } from '../../src/badges/routes.ts';
import type { BadgeRoutesDeps } from '../../src/badges/types.ts';
import { FakeBadgeData } from './fake-data-source.ts';

export const SECRET = 'test-secret-key-that-is-long-enough';

/** badge-maker's hex for the shields colour names we assert on. */
export const HEX = { brightgreen: '#4b0', green: '#67ac09', yellow: '#d8b800', red: '#dd4343', lightgrey: '#939393', blue: '#007ec6' };

export function badgeApp(data: FakeBadgeData, extra: Partial<BadgeRoutesDeps> = {}) {
  return createBadgeRoutes({ data, secretKey: SECRET, ...extra });
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The badge's accessible title, "label: message" (or just "message" without a label). */
export function badgeTitle(svg: string): string {
  const match = /<title>([^<]*)<\/title>/.exec(svg);
  if (!match?.[1]) throw new Error(`no <title> in badge: ${svg.slice(0, 120)}`);
  return unescapeXml(match[1]);
}

export async function getText(app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> }, url: string, init?: RequestInit) {
  const response = await app.request(url, init);
  return { response, body: await response.text() };
}
