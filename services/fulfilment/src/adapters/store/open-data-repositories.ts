import type { DocumentStore } from '@sanshe/platform';

/** From procurement.organisation.registered: what an export needs to name and identify a recipient. */
export interface OpenDataOrganisationDocument {
  _id: string;
  uscc: string;
  name: string;
  kind: string | null;
}

/** From procurement.round.awarded: the grant programme (a venture-funding round) of a grant. */
export interface OpenDataRoundDocument {
  _id: string;
  title: string;
  programmeId: string | null;
  awardedAt: string;
}

/** From design.project.published: the public description of a project and the communities it serves. */
export interface OpenDataProjectDocument {
  _id: string;
  title: string;
  category: string;
  programmeId: string | null;
  objectives: string[];
  communityCodes: string[];
}

/** Collections `od_*`: projections the open-data exports read beside the contracts (and `fv_programmes`). */
export function createOpenDataRepositories(store: DocumentStore) {
  return {
    organisations: store.collection<OpenDataOrganisationDocument>('od_organisations'),
    rounds: store.collection<OpenDataRoundDocument>('od_rounds'),
    projects: store.collection<OpenDataProjectDocument>('od_projects'),
    /** Looked up by `_id` only; nothing else to index. */
    async setup(): Promise<void> {},
  };
}

export type OpenDataRepositories = ReturnType<typeof createOpenDataRepositories>;
