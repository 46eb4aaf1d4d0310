/**
 * The calendar date in China (UTC+8, no daylight saving) of an instant: what "today" means to
 * the people using the platform. A UTC date would be yesterday's until 08:00 Beijing time.
 */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
