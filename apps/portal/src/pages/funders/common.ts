import { useMemo } from 'react';
import dayjs from 'dayjs';
import { useReference } from '../../api/reference';
import { useI18n } from '../../i18n';

export type AreaLevel = 'district' | 'street' | 'community';

/** The level below an area level (communities are the last one the views count). */
export const CHILD_LEVEL: Record<AreaLevel, AreaLevel | null> = {
  district: 'street',
  street: 'community',
  community: null,
};

/** Where a drill-down stands: the level shown, and the areas above it that were clicked. */
export interface Drill {
  level: AreaLevel;
  trail: string[];
}

export const TOP: Drill = { level: 'district', trail: [] };

export function drillInto(drill: Drill, code: string): Drill {
  const next = CHILD_LEVEL[drill.level];
  return next ? { level: next, trail: [...drill.trail, code] } : drill;
}

/** Area codes are hierarchical (XZ-GL-HL-01 lies under XZ-GL-HL): a row belongs to the clicked parent. */
export const underParent = (code: string, parent: string | undefined) =>
  parent === undefined || code.startsWith(`${parent}-`);

/** The last `count` months (YYYY-MM, China's calendar), oldest first. */
export function recentMonths(count: number, now = new Date()): string[] {
  const china = dayjs(now.getTime() + 8 * 3_600_000 + now.getTimezoneOffset() * 60_000);
  return Array.from({ length: count }, (_, i) => china.subtract(count - 1 - i, 'month').format('YYYY-MM'));
}

/** Names for the keys the funders' views group by: areas and categories from the registry. */
export function useKeyLabels() {
  const { t, pick } = useI18n();
  const { reference } = useReference();
  return useMemo(() => {
    const unknown = (key: string) => key === 'unknown' || key === 'none';
    return {
      area: (code: string) => (unknown(code) ? t('funders.unknown') : (reference?.area(code)?.name ?? code)),
      category: (code: string) => {
        if (unknown(code)) return t('funders.unknown');
        const c = reference?.category(code);
        return c ? pick(c.name) : code;
      },
    };
  }, [reference, t, pick]);
}
