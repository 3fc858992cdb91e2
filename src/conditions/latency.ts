/** Latency verdict: slower than the threshold means the target works but is `degraded`. */

/** Returns the degraded message, or undefined when no threshold is set or latency is within it. */
export function slowResponseMessage(latencyMs: number, degradedAboveMs: number | undefined): string | undefined {
  if (degradedAboveMs === undefined || latencyMs <= degradedAboveMs) return undefined;
  return `slow response: ${latencyMs} ms (degraded above ${degradedAboveMs} ms)`;
}
