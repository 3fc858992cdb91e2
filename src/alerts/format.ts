/**
 * Wording shared by every channel, so an outage reads the same in email, Slack and webhook
 * consumers' logs. Pure functions; escaping for each medium stays in that channel's file.
 */
import type { AlertEvent, AlertEventType } from './types.ts';

/** Short upper-case label used in subjects and headers, e.g. "[DOWN]". Words, not only colour. */
export const EVENT_LABELS: Record<AlertEventType, string> = {
  down: 'DOWN',
  recovered: 'RECOVERED',
  degraded: 'DEGRADED',
  reminder: 'STILL DOWN',
  tls_expiry: 'TLS EXPIRING',
  test: 'TEST',
};

/** One sentence saying what happened, with the integration's name (unescaped: escape per medium). */
export function headline(event: AlertEvent): string {
  const name = event.integration.name;
  switch (event.type) {
    case 'down':
      return `${name} is down`;
    case 'recovered':
      return event.status === 'degraded' ? `${name} has recovered (still degraded)` : `${name} has recovered`;
    case 'degraded':
      return `${name} is degraded`;
    case 'reminder': {
      const lasted = outageDuration(event);
      return lasted === undefined ? `${name} is still down` : `${name} is still down (for ${formatDuration(lasted)})`;
    }
    case 'tls_expiry': {
      const days = event.certificateDaysRemaining;
      if (days === undefined) return `${name}: TLS certificate expires soon`;
      if (days <= 0) return `${name}: TLS certificate has expired`;
      return `${name}: TLS certificate expires in ${days} day${days === 1 ? '' : 's'}`;
    }
    case 'test':
      return `Test alert for ${name}`;
  }
}

/** Milliseconds between the start of the outage and the event, when known and sensible. */
export function outageDuration(event: AlertEvent): number | undefined {
  if (!event.downSince) return undefined;
  const ms = event.at.getTime() - event.downSince.getTime();
  return ms >= 0 ? ms : undefined;
}

/** "45 s", "12 min", "2 h 5 min", "3 d 4 h": two units at most, enough for a person. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes} min`;
  const totalHours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (totalHours < 24) return minutes ? `${totalHours} h ${minutes} min` : `${totalHours} h`;
  const days = Math.floor(totalHours / 24);
  const hours = totalHours % 24;
  return hours ? `${days} d ${hours} h` : `${days} d`;
}

const humanTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Mon, 14 Jul 2025, 10:32 UTC". UTC because recipients sit in different time zones. */
export function formatHumanTime(date: Date): string {
  return `${humanTime.format(date)} UTC`;
}

/** Status as a word, with where it came from: "down (was up)". */
export function describeStatus(event: AlertEvent): string {
  return event.previousStatus ? `${event.status} (was ${event.previousStatus})` : event.status;
}

/** True for absolute http(s) URLs: the only links we put in messages (no `javascript:`). */
export function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Label/value rows every channel shows, in order. Values are plain text; channels escape them.
 */
export function summaryFields(event: AlertEvent): Array<{ label: string; value: string }> {
  const fields = [
    { label: 'Integration', value: `${event.integration.name} (${event.integration.slug})` },
    { label: 'Kind', value: event.integration.kind },
    { label: 'Status', value: describeStatus(event) },
    { label: 'Reason', value: event.reason || '(no message)' },
    { label: 'Time', value: `${event.at.toISOString()} (${formatHumanTime(event.at)})` },
  ];
  const lasted = outageDuration(event);
  if (event.downSince && event.type === 'recovered' && lasted !== undefined) {
    fields.push({ label: 'Was down for', value: `${formatDuration(lasted)} (since ${formatHumanTime(event.downSince)})` });
  } else if (event.downSince && (event.type === 'down' || event.type === 'reminder')) {
    fields.push({ label: 'Down since', value: formatHumanTime(event.downSince) });
  }
  if (event.certificateDaysRemaining !== undefined) {
    fields.push({ label: 'Certificate expires in', value: `${event.certificateDaysRemaining} days` });
  }
  if (event.integration.tags.length > 0) fields.push({ label: 'Tags', value: event.integration.tags.join(', ') });
  return fields;
}
