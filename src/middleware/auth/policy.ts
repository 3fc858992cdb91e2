/**
 * Who may call what, decided in ONE place: an ordered table of (methods, path pattern) → access
 * level. The first matching rule wins; anything not listed is admin-only, so a route added
 * without a thought about access fails closed.
 *
 * Levels:
 * - public: anyone (credentials of their own: push tokens, badge signatures, the setup link).
 * - board:  the wall screen and its socket: like `read`, plus kiosk tokens.
 * - read:   read-only pages and their data: signed-in users, read/admin tokens, and anonymous
 *           visitors when PUBLIC_DASHBOARD=true (they never see config, see canSeeConfig).
 * - member: read-only but not for the public: signed-in users and read/admin tokens.
 * - admin:  admins and admin tokens.
 */
export type Access = 'public' | 'board' | 'read' | 'member' | 'admin';

export interface Rule {
  methods: readonly string[];
  /** Exact path, or `prefix/*` for the prefix itself and everything under it. */
  path: string;
  access: Access;
  /**
   * Browser writes normally need a same-origin request AND the session's CSRF token.
   * 'origin-only': forms used before a session exists (login, setup) — same-origin check only.
   * 'none': machine callers with their own credential in the URL (push heartbeats).
   */
  csrf?: 'origin-only' | 'none';
}

const read = ['GET', 'HEAD'] as const;

export const routePolicy: readonly Rule[] = [
  // Probes and static assets.
  { methods: read, path: '/healthz', access: 'public' },
  { methods: read, path: '/readyz', access: 'public' },
  { methods: read, path: '/public/*', access: 'public' },
  { methods: read, path: '/favicon.ico', access: 'public' },
  // Badges and embeds decide themselves: public integrations, or a signed URL.
  { methods: read, path: '/badge/*', access: 'public' },
  { methods: read, path: '/embed/*', access: 'public' },
  // Heartbeats: the push token in the path is the credential.
  { methods: ['GET', 'HEAD', 'POST'], path: '/api/v1/push/*', access: 'public', csrf: 'none' },
  // Signing in and the first-run setup link.
  { methods: read, path: '/login', access: 'public' },
  { methods: ['POST'], path: '/login', access: 'public', csrf: 'origin-only' },
  { methods: ['POST'], path: '/logout', access: 'public' },
  { methods: read, path: '/setup', access: 'public' },
  { methods: ['POST'], path: '/setup', access: 'public', csrf: 'origin-only' },
  // API documentation describes the API; it holds no data.
  { methods: read, path: '/api/openapi.json', access: 'public' },
  { methods: read, path: '/api/docs/*', access: 'public' },

  // The wall screen and its live updates: kiosk tokens work here and nowhere else.
  { methods: read, path: '/board/*', access: 'board' },
  { methods: read, path: '/ws', access: 'board' },

  // Dashboard, detail pages and the data they show.
  { methods: read, path: '/', access: 'read' },
  { methods: read, path: '/integrations/*', access: 'read' },
  { methods: read, path: '/api/v1/integrations/*', access: 'read' },
  { methods: read, path: '/api/v1/events', access: 'read' },

  // Everything else that only reads, but is not for the public.
  { methods: read, path: '/admin/*', access: 'admin' },
  { methods: read, path: '/api/v1/*', access: 'member' },
  { methods: read, path: '/alerts/*', access: 'member' },
  { methods: read, path: '/metrics', access: 'member' },

  // Anything else — every change, every admin page, every unknown route — needs an admin.
];

function matches(pattern: string, path: string): boolean {
  if (!pattern.endsWith('/*')) return path === pattern;
  const prefix = pattern.slice(0, -2);
  return path === prefix || path.startsWith(`${prefix}/`);
}

export function ruleFor(method: string, path: string): Rule | undefined {
  const verb = method.toUpperCase();
  return routePolicy.find((rule) => rule.methods.includes(verb) && matches(rule.path, path));
}

export function accessFor(method: string, path: string): Access {
  return ruleFor(method, path)?.access ?? 'admin';
}

/** Pages answer a missing login with a redirect to /login; the API and sockets with 401 JSON. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/metrics' || path === '/ws';
}
