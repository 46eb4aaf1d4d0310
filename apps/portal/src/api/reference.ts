import { useMemo } from 'react';
import { useAsync } from '../hooks';
import { intakeApi, type AreaView, type CategoryView } from './intake';

export interface Reference {
  categories: CategoryView[];
  areas: AreaView[];
  category: (code: string) => CategoryView | undefined;
  area: (code: string) => AreaView | undefined;
}

let cached: Promise<{ categories: CategoryView[]; areas: AreaView[] }> | null = null;

/** Categories and areas change rarely: loaded once per sign-in and shared by every screen. */
function loadReference() {
  cached ??= Promise.all([intakeApi.categories(), intakeApi.areas()]).then(([categories, areas]) => ({
    categories,
    areas,
  }));
  cached.catch(() => {
    cached = null;
  });
  return cached;
}

export function forgetReference(): void {
  cached = null;
}

export function useReference() {
  const state = useAsync(() => loadReference(), []);
  const reference = useMemo<Reference | undefined>(() => {
    if (!state.data) return undefined;
    const categories = new Map(state.data.categories.map((c) => [c.code, c]));
    const areas = new Map(state.data.areas.map((a) => [a.code, a]));
    return {
      ...state.data,
      category: (code) => categories.get(code),
      area: (code) => areas.get(code),
    };
  }, [state.data]);
  return { reference, error: state.error, loading: state.loading, reload: state.reload };
}
