const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/**
 * Times of the story, told the way people there would: "12 days ago at 09:30" on the China
 * calendar (UTC+8), or "3 hours ago". Everything is relative to the end of the story (now), so
 * the demo is as fresh on any day it is started.
 */
export class Calendar {
  constructor(readonly end: Date) {}

  /** `daysAgo` days before the end, at hh:mm China time (a day ago or more, so it is always past). */
  day(daysAgo: number, hour = 9, minute = 0): Date {
    const chinaMidnight = Math.floor((this.end.getTime() + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
    return new Date(chinaMidnight - daysAgo * DAY_MS + hour * HOUR_MS + minute * 60_000);
  }

  /** Hours (may be fractional) before the end. */
  ago(hours: number): Date {
    return new Date(this.end.getTime() - hours * HOUR_MS);
  }

  /** `days` days after the end (deadlines still to come), at hh:mm China time. */
  ahead(days: number, hour = 9, minute = 30): Date {
    return this.day(-days, hour, minute);
  }
}

/**
 * The same moment, or the next one in office hours (08:00–18:00 China time) when it falls at
 * night: staff act in the daytime, residents call at any hour.
 */
export function inOfficeHours(at: Date): Date {
  const china = new Date(at.getTime() + CHINA_OFFSET_MS);
  const hour = china.getUTCHours();
  if (hour >= 8 && hour < 18) return at;
  const day = Math.floor(china.getTime() / DAY_MS) * DAY_MS + (hour >= 18 ? DAY_MS : 0);
  return new Date(day + 8 * HOUR_MS + (at.getTime() % HOUR_MS) - CHINA_OFFSET_MS);
}

export const plusMinutes = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000);
export const plusDays = (at: Date, days: number) => new Date(at.getTime() + days * DAY_MS);

/** The China calendar date (YYYY-MM-DD) of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The China calendar month (YYYY-MM) of an instant. */
export function chinaMonth(at: Date): string {
  return chinaDate(at).slice(0, 7);
}

/** A date (YYYY-MM-DD) `months` calendar months later, the day before (a year from 03-01 ends 02-28). */
export function periodEnd(start: string, months: number): string {
  const d = new Date(`${start}T00:00:00.000Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
