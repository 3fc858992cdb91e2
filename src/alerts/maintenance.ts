/**
 * Maintenance windows: while one is active, the alert policy sends nothing. Pure; `now` is an
 * input. Weekly windows are defined in wall-clock time of an IANA time zone, converted with
 * `Intl.DateTimeFormat` (no date library):
 *  - a start time that does not exist on a spring-forward day (02:30 when clocks jump from
 *    02:00 to 03:00) starts at the same offset past the gap (03:30), like Temporal's
 *    "compatible" rule; a start time that happens twice on a fall-back day starts at the first.
 *  - the duration is real elapsed minutes, so a 120-minute window over a DST change still
 *    lasts two hours (its end shows one hour off on the wall clock).
 *  - a window may cross midnight or last several days; one that started yesterday (or up to
 *    seven days ago) and is still running counts.
 */
import { z } from 'zod';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export const maintenanceWindowSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('once'),
    name: z.string().max(200).optional(),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
  }).refine((window) => window.endsAt > window.startsAt, { error: 'must end after it starts', path: ['endsAt'] }),
  z.object({
    kind: z.literal('weekly'),
    name: z.string().max(200).optional(),
    daysOfWeek: z.array(z.number().int().min(0).max(6)).min(1).describe('0 = Sunday … 6 = Saturday'),
    startTime: z.string().regex(HH_MM, { error: 'must be HH:MM (24-hour)' }).describe('Local start time, e.g. "02:30"'),
    durationMinutes: z.number().int().min(1).max(7 * 24 * 60),
    timeZone: z.string().refine(isValidTimeZone, { error: 'must be an IANA time zone, e.g. "Europe/Berlin"' }),
  }),
]);
export type MaintenanceWindow = z.output<typeof maintenanceWindowSchema>;

export interface ActiveMaintenance<W extends MaintenanceWindow = MaintenanceWindow> {
  window: W;
  /** This occurrence's start and end. */
  startsAt: Date;
  endsAt: Date;
}

/**
 * The active window at `now`, or null. When several overlap, the one ending last wins (that is
 * the end worth showing: "in maintenance until …").
 */
export function isInMaintenance<W extends MaintenanceWindow>(windows: readonly W[], now: Date): ActiveMaintenance<W> | null {
  let best: ActiveMaintenance<W> | null = null;
  for (const window of windows) {
    const occurrence = window.kind === 'once' ? onceOccurrence(window, now) : weeklyOccurrence(window, now);
    if (occurrence && (!best || occurrence.endsAt > best.endsAt)) best = { window, ...occurrence };
  }
  return best;
}

type Occurrence = { startsAt: Date; endsAt: Date };

function onceOccurrence(window: Extract<MaintenanceWindow, { kind: 'once' }>, now: Date): Occurrence | null {
  return window.startsAt <= now && now < window.endsAt ? { startsAt: window.startsAt, endsAt: window.endsAt } : null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function weeklyOccurrence(window: Extract<MaintenanceWindow, { kind: 'weekly' }>, now: Date): Occurrence | null {
  const match = HH_MM.exec(window.startTime);
  // The schema rejects bad times and zones on input; a bad stored window must not make every
  // alert evaluation throw, so it is simply never active.
  if (!match || !isValidTimeZone(window.timeZone)) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  const today = localParts(now, window.timeZone);
  // Look back far enough for the longest window to still be running, plus a day of slack for
  // the offset difference between local and UTC dates.
  const daysBack = Math.ceil(window.durationMinutes / 1440) + 1;
  for (let back = 0; back <= daysBack; back++) {
    // Civil-date arithmetic in UTC: no time zone can shift a date computed this way.
    const civil = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
    if (!window.daysOfWeek.includes(civil.getUTCDay())) continue;
    const start = zonedTimeToInstant(
      civil.getUTCFullYear(),
      civil.getUTCMonth() + 1,
      civil.getUTCDate(),
      hour,
      minute,
      window.timeZone,
    );
    const end = start + window.durationMinutes * 60_000;
    if (start <= now.getTime() && now.getTime() < end) return { startsAt: new Date(start), endsAt: new Date(end) };
  }
  return null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(instant: Date | number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of `timeZone` from UTC at an instant, in milliseconds (e.g. +3_600_000 for CET). */
function offsetAt(instantMs: number, timeZone: string): number {
  const p = localParts(instantMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant a local wall-clock time happens in `timeZone` (see the DST rules at the top).
 * Tries the offsets in force a day before and a day after: a valid local time matches one of
 * them; a time in a spring-forward gap matches neither and takes the earlier offset, landing
 * after the gap; a fall-back time matches both and takes the earlier instant.
 */
function zonedTimeToInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  const offsetBefore = offsetAt(wallAsUtc - DAY_MS, timeZone);
  const offsetAfter = offsetAt(wallAsUtc + DAY_MS, timeZone);
  const candidates = [wallAsUtc - offsetBefore, wallAsUtc - offsetAfter].filter(
    (instant) => offsetAt(instant, timeZone) === wallAsUtc - instant,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  return wallAsUtc - offsetBefore;
}
