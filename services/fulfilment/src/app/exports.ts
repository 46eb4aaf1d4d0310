import type { FulfilmentApi } from '@sanshe/contracts';
import { notFound, type BaseDocument, type Collection, type Filter } from '@sanshe/platform';
import type { z } from 'zod';
import type { ContractDocument } from '../adapters/store/repositories';
import type { OrganisationFacts } from '../domain/open-data/common';
import { toPage, toService, type HsdsPage } from '../domain/open-data/hsds';
import { toGrant, toPackage, type Package360 } from '../domain/open-data/three-sixty-giving';
import type { FulfilmentDeps } from './deps';

type Deps = Pick<FulfilmentDeps, 'repos' | 'clock' | 'settings'>;

/** One package holds at most this many grants (360Giving data is published as whole files). */
export const MAX_GRANTS = 10_000;

/** A day alone means its start in China (UTC+8); stored times are UTC ISO strings, compared as such. */
export function sinceIso(since: string): string {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(since) ? `${since}T00:00:00+08:00` : since).toISOString();
}

/** Contracts with any exported fact changed at or after `iso`. */
export function changedSince(iso: string): Filter {
  const from = { $gte: iso };
  return {
    $or: [
      { signedAt: from },
      { 'amendments.amendedAt': from },
      { 'tranches.disbursedAt': from },
      { 'termination.terminatedAt': from },
      { 'completion.completedAt': from },
    ],
  };
}

async function byIds<T extends BaseDocument>(collection: Collection<T>, ids: Array<string | null>) {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  const docs = unique.length > 0 ? await collection.find({ _id: { $in: unique } }) : [];
  return new Map(docs.map((d) => [d._id, d]));
}

/** What the exports add to the contracts: registry facts, rounds, projects and programmes. */
async function contextOf(deps: Deps, contracts: ContractDocument[]) {
  const { openData, funding } = deps.repos;
  const roundIdOf = (c: ContractDocument) => (c.source.kind === 'grant' ? c.source.roundId : null);
  const [organisations, rounds, projects] = await Promise.all([
    byIds(
      openData.organisations,
      contracts.map((c) => c.organisationId),
    ),
    byIds(openData.rounds, contracts.map(roundIdOf)),
    byIds(
      openData.projects,
      contracts.map((c) => c.projectId),
    ),
  ]);
  const programmeIdOf = (c: ContractDocument) =>
    c.source.kind === 'grant'
      ? (c.source.programmeId ?? rounds.get(c.source.roundId)?.programmeId ?? null)
      : ((c.projectId && projects.get(c.projectId)?.programmeId) ?? null);
  const programmes = await byIds(funding.programmes, contracts.map(programmeIdOf));
  return {
    organisation(c: ContractDocument): OrganisationFacts {
      const o = organisations.get(c.organisationId);
      return { name: o?.name ?? c.organisationName, uscc: o?.uscc ?? null, kind: o?.kind ?? null };
    },
    round: (c: ContractDocument) => {
      const id = roundIdOf(c);
      return (id && rounds.get(id)) || null;
    },
    project: (c: ContractDocument) => (c.projectId && projects.get(c.projectId)) || null,
    programme: (c: ContractDocument) => {
      const id = programmeIdOf(c);
      return (id && programmes.get(id)) || null;
    },
  };
}

/** The venture-funding grants as a 360Giving data package; 404 when none match (a package holds at least one). */
export async function grantsPackage(
  deps: Deps,
  query: z.infer<typeof FulfilmentApi.GrantsExportQuery>,
): Promise<Package360> {
  const filter: Filter = { 'source.kind': 'grant' };
  if (query.roundId) filter['source.roundId'] = query.roundId;
  if (query.since) Object.assign(filter, changedSince(sinceIso(query.since)));
  const contracts = await deps.repos.contracts.find(filter, { sort: { signedAt: 1, _id: 1 }, limit: MAX_GRANTS });
  if (contracts.length === 0) throw notFound('FULFILMENT.NO_GRANTS', 'no grants match');
  const ctx = await contextOf(deps, contracts);
  const { prefix, publisherName, license } = deps.settings.openData;
  const grants = contracts.map((c) => {
    const round = ctx.round(c);
    const programme = ctx.programme(c);
    return toGrant(c, {
      prefix,
      publisherName,
      recipient: ctx.organisation(c),
      round: round ? { title: round.title, awardedAt: round.awardedAt } : null,
      funder: programme
        ? { code: programme.funderCode, name: programme.funderName, programmeName: programme.name }
        : null,
      communities: ctx.project(c)?.communityCodes ?? [],
    });
  });
  return toPackage(grants, { prefix, publisherName, license, now: deps.clock.now() });
}

/** Who pays for a contract's service, in words. */
function fundingSource(
  c: ContractDocument,
  programme: { funderName: string; name: string } | null,
  round: { title: string } | null,
): string {
  const how = c.source.kind === 'grant' ? `公益创投${round ? `「${round.title}」` : ''}` : '政府购买服务';
  return programme ? `${programme.funderName}（${programme.name}，${how}）` : how;
}

/** The contracted services as an HSDS 3.0 page, oldest contract first. */
export async function servicesPage(
  deps: Deps,
  query: z.infer<typeof FulfilmentApi.HsdsServicesQuery>,
): Promise<HsdsPage> {
  const filter: Filter = {};
  if (query.organization_id) filter.organisationId = query.organization_id;
  if (query.modified_after) Object.assign(filter, changedSince(sinceIso(query.modified_after)));
  const [total, contracts] = await Promise.all([
    deps.repos.contracts.countDocuments(filter),
    deps.repos.contracts.find(filter, {
      sort: { signedAt: 1, _id: 1 },
      skip: (query.page - 1) * query.per_page,
      limit: query.per_page,
    }),
  ]);
  const ctx = await contextOf(deps, contracts);
  const full = query.full === 'true';
  const services = contracts.map((c) => {
    const project = ctx.project(c);
    return toService(
      c,
      {
        organisation: ctx.organisation(c),
        project: project
          ? { title: project.title, objectives: project.objectives, communityCodes: project.communityCodes }
          : null,
        fundingSource: fundingSource(c, ctx.programme(c), ctx.round(c)),
      },
      full,
    );
  });
  return toPage(services, total, query.page, query.per_page);
}
