/**
 * Every check kind, listed once. This object drives validation, the worker, the admin forms,
 * the OpenAPI document and the README table. Adding a kind: write `src/checks/<kind>.ts`
 * exporting a `defineCheckKind({...})`, then add one line here.
 */
import type { CheckKind } from './types.ts';
import { httpCheck } from './http.ts';
import { tcpCheck } from './tcp.ts';
import { tlsCheck } from './tls.ts';
import { postgresCheck } from './postgres.ts';
import { redisCheck } from './redis.ts';
import { slackCheck } from './slack.ts';
import { gmailCheck } from './gmail.ts';
import { googleCalendarCheck } from './google-calendar.ts';
import { mcpCheck } from './mcp.ts';
import { pushCheck } from './push.ts';

export const checkKinds = {
  http: httpCheck,
  tcp: tcpCheck,
  tls: tlsCheck,
  postgres: postgresCheck,
  redis: redisCheck,
  slack: slackCheck,
  gmail: gmailCheck,
  'google-calendar': googleCalendarCheck,
  mcp: mcpCheck,
  push: pushCheck,
} as const satisfies Record<string, CheckKind>;

export type CheckKindName = keyof typeof checkKinds;

export const checkKindNames = Object.keys(checkKinds) as CheckKindName[];

export function isCheckKindName(name: string): name is CheckKindName {
  return Object.hasOwn(checkKinds, name);
}

export function getCheckKind(name: string): CheckKind | undefined {
  return isCheckKindName(name) ? (checkKinds[name] as unknown as CheckKind) : undefined;
}
