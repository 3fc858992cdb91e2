/**
 * The "Check now" control. Where it sits, its container carries the htmx settings every button
 * inherits (`checkNowSettings`), which keeps each of hundreds of rows small. The same wrapper is rendered idle in a tile, pending after a click
 * (spinner until the result arrives over the WebSocket and the tile is replaced), or idle with an
 * inline message (429 wait, error). The POST goes through htmx, so the CSRF header set on <body>
 * by the layout applies to it without anything here.
 */
/** Spread on the element that contains Check now buttons (the dashboard list, the detail header). */
export const checkNowSettings = { 'hx-target': 'closest .check-now', 'hx-swap': 'outerHTML', 'hx-disabled-elt': 'closest button' } as const;

export type CheckNowState =
  | { state: 'idle' }
  | { state: 'pending'; jobId: string }
  | { state: 'rate-limited'; retryAfterSeconds: number; now: Date }
  | { state: 'error'; message: string };

export function CheckNow({ slug, name, paused, view = { state: 'idle' } }: { slug: string; name: string; paused: boolean; view?: CheckNowState }) {
  if (paused) return <span class="check-now muted">Paused</span>;
  if (view.state === 'pending') {
    // Still wired to post (disabled), so public/check-now.js can simply re-enable it if no result comes.
    return (
      <span class="check-now" data-pending-job={view.jobId}>
        <button type="button" class="btn btn-check is-pending" disabled hx-post={`/integrations/${slug}/check`} aria-label={`Check ${name} now`}>
          <span class="spinner" aria-hidden="true"></span> Checking…
        </button>
        <span class="visually-hidden" role="status">
          Checking {name}…
        </span>
      </span>
    );
  }
  return (
    <span class="check-now">
      <button type="button" class="btn btn-check" hx-post={`/integrations/${slug}/check`} aria-label={`Check ${name} now`}>
        Check now
      </button>
      {view.state === 'rate-limited' ? (
        <span class="inline-msg warn" role="status" data-countdown-until={String(view.now.getTime() + view.retryAfterSeconds * 1_000)}>
          Next manual check in {view.retryAfterSeconds} s
        </span>
      ) : null}
      {view.state === 'error' ? (
        <span class="inline-msg error" role="alert">
          {view.message}
        </span>
      ) : null}
    </span>
  );
}
