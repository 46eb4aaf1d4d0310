import { z } from 'zod';
import * as Fulfilment from '@sanshe/contracts/api/fulfilment';
import { sessionStore } from '../auth/session';
import { ApiError, request } from './client';

export type FundingView = z.infer<typeof Fulfilment.FundingView>;
export type FundingRow = FundingView['rows'][number];
export type FundingFigures = FundingView['totals'];
export type FundingBy = z.infer<typeof Fulfilment.FundingQuery>['by'];
export type FundingQuery = Partial<z.input<typeof Fulfilment.FundingQuery>>;
export type IndicatorsView = z.infer<typeof Fulfilment.IndicatorsView>;
export type IndicatorValue = z.infer<typeof Fulfilment.IndicatorValue>;
export type IndicatorKey = z.infer<typeof Fulfilment.IndicatorKey>;
export type IndicatorLevel = z.infer<typeof Fulfilment.IndicatorLevel>;
export type IndicatorsQuery = { level: IndicatorLevel; code?: string | undefined; period?: string | undefined };

export { Fulfilment };

const BASE = '/api/fulfilment';
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/**
 * Downloads a CSV the API serves behind the session's bearer token (a plain link would carry no
 * token): fetched, then handed to the browser as a file through an object URL.
 */
export async function downloadCsv(
  path: string,
  query: Record<string, string | undefined>,
  fallbackName: string,
): Promise<string> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const token = sessionStore.token();
  let res: Response;
  try {
    res = await fetch(`${path}?${params.toString()}`, {
      headers: { accept: 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      credentials: 'omit',
    });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: unknown; detail?: unknown };
    if (res.status === 401 && token) sessionStore.clear('expired');
    throw new ApiError(
      res.status,
      typeof body.code === 'string' ? body.code : `HTTP.${res.status}`,
      typeof body.detail === 'string' ? body.detail : res.statusText,
    );
  }
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser the moment it needs to start the download before the URL goes.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** The funders' views of fulfilment: spending and (when it lands) the policy indicators. */
export const fundersApi = {
  funding: (query: FundingQuery, signal?: AbortSignal) =>
    request(`${BASE}/funding`, { query, schema: Fulfilment.FundingView, ...withSignal(signal) }),
  fundingCsv: (query: FundingQuery) =>
    downloadCsv(
      `${BASE}/funding.csv`,
      {
        programmeId: query.programmeId,
        funderCode: query.funderCode,
        by: query.by,
        period: query.period,
      },
      `funding-${query.by ?? 'total'}-${query.period ?? 'all'}.csv`,
    ),
  indicators: (query: IndicatorsQuery, signal?: AbortSignal) =>
    request(`${BASE}/indicators`, { query, schema: Fulfilment.IndicatorsView, ...withSignal(signal) }),
  indicatorsCsv: (query: IndicatorsQuery) =>
    downloadCsv(
      `${BASE}/indicators.csv`,
      { level: query.level, code: query.code, period: query.period },
      `indicators-${query.level}-${query.code ?? 'all'}-${query.period ?? 'all'}.csv`,
    ),
};
