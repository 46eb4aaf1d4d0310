import { fundersApi, type FundingBy, type FundingView } from '../../../api/funders';
import { useAsync } from '../../../hooks';
import { recentMonths } from '../common';

export interface SpendingFilter {
  programmeId?: string | undefined;
  funderCode?: string | undefined;
  /** A month (YYYY-MM) or 'all'. */
  period: string;
}

const scope = (f: SpendingFilter) => ({
  ...(f.programmeId ? { programmeId: f.programmeId } : {}),
  ...(f.funderCode ? { funderCode: f.funderCode } : {}),
});

/** Every programme the funders' view knows (for the filters), whatever is selected. */
export function useProgrammeOptions() {
  return useAsync((signal) => fundersApi.funding({ by: 'total' }, signal).then((v) => v.programmes), []);
}

/** The totals and the breakdowns by category and organisation for the filter. */
export function useOverview(filter: SpendingFilter) {
  return useAsync(
    async (signal) => {
      const query = { ...scope(filter), period: filter.period };
      const [total, category, organisation] = await Promise.all([
        fundersApi.funding({ ...query, by: 'total' }, signal),
        fundersApi.funding({ ...query, by: 'category' }, signal),
        fundersApi.funding({ ...query, by: 'organisation' }, signal),
      ]);
      return { total, category, organisation };
    },
    [filter.programmeId, filter.funderCode, filter.period],
  );
}

/** One dimension for the filter (the area drill-down asks for district, street or community). */
export function useBreakdown(filter: SpendingFilter, by: FundingBy) {
  return useAsync(
    (signal) => fundersApi.funding({ ...scope(filter), period: filter.period, by }, signal),
    [filter.programmeId, filter.funderCode, filter.period, by],
  );
}

/** Each listed programme's own totals (the view sums programmes; this splits them again). */
export function useByProgramme(programmes: FundingView['programmes'] | undefined, period: string) {
  const list = programmes ?? [];
  return useAsync(
    (signal) =>
      Promise.all(
        list.map(async (programme) => ({
          programme,
          totals: (await fundersApi.funding({ programmeId: programme.programmeId, period, by: 'total' }, signal))
            .totals,
        })),
      ),
    [list.map((p) => p.programmeId).join(','), period],
  );
}

/** The last twelve months, one view per month (each reads one bucket per programme). */
export function useMonthly(filter: SpendingFilter) {
  return useAsync(
    async (signal) => {
      const months = recentMonths(12);
      return Promise.all(
        months.map(async (month) => ({
          month,
          totals: (await fundersApi.funding({ ...scope(filter), period: month, by: 'total' }, signal)).totals,
        })),
      );
    },
    [filter.programmeId, filter.funderCode],
  );
}
