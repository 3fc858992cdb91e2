/** The observation of a "Try it" run (secrets already scrubbed by the caller). */
import { StatusPill } from '../../components/status-pill.tsx';
import { formatLatency } from '../../format.ts';
import type { TryOutcome } from '../../../src/services/try-check.ts';

export function TryResult({ outcome }: { outcome: TryOutcome }) {
  if ('passive' in outcome) return <p class="hint">{outcome.passive}</p>;
  if ('problems' in outcome) {
    return (
      <div class="try-problems" role="alert">
        <p>Not run: fix these first.</p>
        <ul>
          {outcome.problems.map((problem) => (
            <li>{problem}</li>
          ))}
        </ul>
      </div>
    );
  }
  const { observation } = outcome;
  return (
    <div class="try-observation">
      <p>
        <StatusPill status={observation.status} /> in {formatLatency(observation.latencyMs)}
      </p>
      <p class="try-message">{observation.message}</p>
      {observation.details && Object.keys(observation.details).length ? <pre class="try-details">{JSON.stringify(observation.details, null, 2)}</pre> : null}
    </div>
  );
}
