/** `/embed/:slug`: a small live status card meant for an iframe (`?theme=light|dark`). */
import { Layout } from '../layout.tsx';
import type { Tile } from '../../src/store/dashboard.ts';
import { EmbedCard } from '../partials/embed-card.tsx';

export function EmbedPage({ tile, now, theme, wsUrl }: { tile: Tile | undefined; now: Date; theme: 'light' | 'dark' | 'auto'; wsUrl?: string }) {
  return (
    <Layout title={tile ? tile.name : 'Status'} styles={['/public/app.css', '/public/embed.css']} serverNow={now} wsUrl={wsUrl} scripts={wsUrl ? ['/public/live.js', '/public/direct-swap.js'] : []} bodyClass={`embed theme-${theme}`}>
      <main>
        <EmbedCard tile={tile} now={now} />
      </main>
    </Layout>
  );
}
