import type { Contract } from '../contract';
import {
  KIND_LABELS,
  lastModified,
  nameBasedUuid,
  USCI_SCHEME,
  type ExportedContract,
  type OrganisationFacts,
} from './common';

/** Open Referral HSDS 3.0: one service per contract. Only the fields filled here are typed. */
export interface HsdsOrganization {
  id: string;
  name: string;
  description: string;
  legal_status?: string;
  organization_identifiers?: Array<{
    id: string;
    organization_id: string;
    identifier_scheme: string;
    identifier_type: string;
    identifier: string;
  }>;
}
export interface HsdsTaxonomyTerm {
  id: string;
  code: string;
  name: string;
  description: string;
  taxonomy: string;
  taxonomy_id: string;
  taxonomy_detail: { id: string; name: string; description: string };
}
export interface HsdsService {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  status: 'active' | 'inactive' | 'defunct';
  last_modified: string;
  organization: HsdsOrganization;
  service_areas?: Array<{ id: string; service_id: string; name: string; description: string }>;
  attributes?: Array<{
    id: string;
    link_id: string;
    link_entity: 'service';
    taxonomy_term_id: string;
    taxonomy_term: HsdsTaxonomyTerm;
  }>;
  funding?: Array<{ id: string; service_id: string; source: string }>;
}
/** The `Page` of HSDS's OpenAPI (`components.schemas.Page`) with the services in `contents`. */
export interface HsdsPage {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: HsdsService[];
}

export interface ServiceContext {
  organisation: OrganisationFacts;
  /** The published project the contract delivers (null: a grant without a project, or not projected yet). */
  project: { title: string; objectives: string[]; communityCodes: string[] } | null;
  /** Who pays for it, in words (null: unknown). */
  fundingSource: string | null;
}

/**
 * HSDS statuses: a contract in force is an active service; a completed one was delivered
 * and is no longer offered (inactive); a terminated one stopped for good (defunct).
 */
export const SERVICE_STATUS: Readonly<Record<Contract['status'], HsdsService['status']>> = {
  active: 'active',
  completed: 'inactive',
  terminated: 'defunct',
};

const TAXONOMY = {
  id: nameBasedUuid('taxonomy|sanshe-service-category'),
  name: 'sanshe-service-category',
  description: '三社联动平台的服务类别（项目设计时选定）',
};

export function toOrganization(organisationId: string, org: OrganisationFacts, full: boolean): HsdsOrganization {
  const kind = org.kind ? KIND_LABELS[org.kind] : undefined;
  const organization: HsdsOrganization = {
    id: organisationId,
    name: org.name,
    description: kind ? `承接社区服务的${kind}` : '承接社区服务的社会组织',
  };
  if (kind) organization.legal_status = kind;
  if (full)
    organization.organization_identifiers = org.uscc
      ? [
          {
            id: nameBasedUuid(`organization_identifier|${organisationId}|${USCI_SCHEME}`),
            organization_id: organisationId,
            identifier_scheme: USCI_SCHEME,
            identifier_type: '统一社会信用代码',
            identifier: org.uscc,
          },
        ]
      : [];
  return organization;
}

/**
 * A service: the listing's one-to-one fields, and with `full` the nested rows too (the
 * project's communities as service areas, the category as a taxonomy term, the funding).
 */
export function toService(c: ExportedContract, ctx: ServiceContext, full: boolean): HsdsService {
  const objectives = ctx.project?.objectives.filter((o) => o.trim().length > 0) ?? [];
  const what = objectives.length > 0 ? objectives.join('；') : `${c.title}（${c.category}）`;
  const service: HsdsService = {
    id: c._id,
    organization_id: c.organisationId,
    name: c.title,
    description: `${what}。服务期 ${c.period.startDate} 至 ${c.period.endDate}。`,
    status: SERVICE_STATUS[c.status],
    last_modified: lastModified(c),
    organization: toOrganization(c.organisationId, ctx.organisation, full),
  };
  if (!full) return service;
  const termId = nameBasedUuid(`taxonomy_term|sanshe-service-category|${c.category}`);
  service.service_areas = (ctx.project?.communityCodes ?? []).map((code) => ({
    id: nameBasedUuid(`service_area|${c._id}|${code}`),
    service_id: c._id,
    name: code,
    description: `社区（区划代码 ${code}）`,
  }));
  service.attributes = [
    {
      id: nameBasedUuid(`attribute|${c._id}|category`),
      link_id: c._id,
      link_entity: 'service',
      taxonomy_term_id: termId,
      taxonomy_term: {
        id: termId,
        code: c.category,
        name: c.category,
        description: `服务类别 ${c.category}`,
        taxonomy: TAXONOMY.name,
        taxonomy_id: TAXONOMY.id,
        taxonomy_detail: TAXONOMY,
      },
    },
  ];
  service.funding = ctx.fundingSource
    ? [{ id: nameBasedUuid(`funding|${c._id}`), service_id: c._id, source: ctx.fundingSource }]
    : [];
  return service;
}

export function toPage(contents: HsdsService[], total: number, page: number, perPage: number): HsdsPage {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
