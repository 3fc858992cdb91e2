/**
 * `push`: passive. The monitored job calls `GET|POST /api/v1/push/:token` (optionally with
 * `status=down&msg=…`); each call is stored as a result with trigger `push`. The scheduled run
 * only decides whether the integration has gone quiet: no ping within interval + grace → down.
 * While pings arrive it records nothing (the pings are the history).
 */
import { z } from 'zod';
import { defineCheckKind } from './types.ts';

export const pushCheck = defineCheckKind({
  name: 'push',
  description: 'Passive heartbeat: your job calls the push URL; down when no ping arrives within interval + grace.',
  configSchema: z.object({
    graceSeconds: z.number().int().min(0).max(86_400).default(60).describe('Extra seconds after the interval before a missing ping counts as down.'),
  }),
  secretFields: [],
  async run(config, ctx) {
    const deadlineMs = (ctx.intervalSeconds + config.graceSeconds) * 1000;
    const now = ctx.now().getTime();
    if (ctx.lastPushAt && now - ctx.lastPushAt.getTime() <= deadlineMs) return null;
    const quietFor = ctx.lastPushAt ? Math.round((now - ctx.lastPushAt.getTime()) / 1000) : null;
    return {
      status: 'down',
      latencyMs: 0,
      message: quietFor === null ? 'No ping received yet' : `No ping for ${quietFor} s (expected every ${ctx.intervalSeconds} s + ${config.graceSeconds} s grace)`,
      details: { lastPushAt: ctx.lastPushAt?.toISOString() ?? null, expectedEverySeconds: ctx.intervalSeconds, graceSeconds: config.graceSeconds },
    };
  },
});
