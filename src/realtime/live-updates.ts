/**
 * The live-update machinery of one instance, built once per app: the WebSocket hub and the
 * cache of tile analytics that the hub and the page routes share.
 */
import type { AppContext } from '../context.ts';
import { TileStatsCache } from './tile-stats-cache.ts';
import { RealtimeHub } from './ws-hub.ts';

export interface LiveUpdates {
  hub: RealtimeHub;
  tileStats: TileStatsCache;
}

export function createLiveUpdates(app: AppContext): LiveUpdates {
  const tileStats = new TileStatsCache(app.db.pool, app.bus);
  const hub = new RealtimeHub({ pool: app.db.pool, bus: app.bus, log: app.log.child({ component: 'realtime' }), clock: app.clock, tileStats });
  // System metrics read the client count through the context.
  app.realtimeStats = () => ({ clients: hub.stats().clients });
  return { hub, tileStats };
}
