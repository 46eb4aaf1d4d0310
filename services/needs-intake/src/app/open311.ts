import { IntakeApi, NeedStatus } from '@sanshe/contracts';
import {
  AppError,
  notFound,
  zodFieldProblems,
  type Cause,
  type FieldProblem,
  type Filter,
  type Principal,
} from '@sanshe/platform';
import { OPEN_STATUSES, type Need } from '../domain/need';
import type { CategoryDocument } from '../adapters/store/registry-repository';
import type { IntakeDeps } from './deps';
import { logNeed } from './log-need';

/**
 * Open311 GeoReport v2 over our own model: need categories are its "services", needs
 * its "service requests". Writing goes through logNeed, so every rule of the API
 * applies; reading is public, as Open311 clients expect, and so shows no personal data.
 */
type Locale = 'zh' | 'en';

const CLOSED_STATUSES = NeedStatus.options.filter((s) => !OPEN_STATUSES.includes(s));

const DATATYPE_DESCRIPTIONS: Record<IntakeApi.CategoryAttribute['datatype'], Record<Locale, string>> = {
  string: { zh: '文本，不超过200字', en: 'Text, up to 200 characters' },
  text: { zh: '文本', en: 'Text' },
  number: { zh: '数字', en: 'A number' },
  datetime: { zh: 'ISO 8601 日期或日期时间，如 2026-03-10', en: 'An ISO 8601 date or date-time, e.g. 2026-03-10' },
  singlevaluelist: { zh: '选择一项', en: 'Choose one value' },
  multivaluelist: {
    zh: '可选多项：attribute[代码][]=值，可重复',
    en: 'Choose one or more: attribute[code][]=value, repeated',
  },
};

// ---------- mapping (pure) ----------

export function toOpen311Service(category: CategoryDocument, locale: Locale): IntakeApi.Open311Service {
  return {
    service_code: category._id,
    service_name: category.name[locale],
    description: category.description,
    metadata: category.attributes.length > 0,
    type: 'realtime',
    keywords: category.keywords.join(','),
    group: category.group,
  };
}

export function toServiceDefinition(category: CategoryDocument, locale: Locale): IntakeApi.Open311ServiceDefinition {
  return {
    service_code: category._id,
    attributes: [...category.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: DATATYPE_DESCRIPTIONS[a.datatype][locale],
        order: a.order,
        description: a.description ? `${a.label[locale]}: ${a.description}` : a.label[locale],
        values: a.values.map((v) => ({ key: v.key, name: v.name[locale] })),
      })),
  };
}

export function open311Status(status: NeedStatus): 'open' | 'closed' {
  return OPEN_STATUSES.includes(status) ? 'open' : 'closed';
}

export interface PublicNames {
  service: string;
  street: string | null;
  community: string | null;
}

/**
 * The public view of a need. Built field by field, so nothing personal can slip in:
 * no contact, no resident key, no grid, and no description, since free text written
 * at a window or on the phone often holds names, addresses and health details.
 */
export function toOpen311Request(need: Need, names: PublicNames): IntakeApi.Open311ServiceRequest {
  const updated = need.timeline.reduce(
    (latest, e) => Math.max(latest, Date.parse(e.at) || 0),
    Date.parse(need.loggedAt),
  );
  return {
    service_request_id: need.caseNumber,
    status: open311Status(need.status),
    status_notes: need.status,
    service_name: names.service,
    service_code: need.category,
    agency_responsible: names.street,
    requested_datetime: need.loggedAt,
    updated_datetime: new Date(updated).toISOString(),
    address: names.community,
    zipcode: null,
    lat: null,
    long: null,
  };
}

/** Family name first, as Chinese names are written; Latin names keep the given name first. */
function fullName(first: string | undefined, last: string | undefined): string | undefined {
  if (first === undefined && last === undefined) return undefined;
  const latin = /^[\p{Script=Latin}\s.'-]*$/u.test(`${first ?? ''}${last ?? ''}`);
  return latin ? [first, last].filter(Boolean).join(' ') : `${last ?? ''}${first ?? ''}`;
}

/**
 * A GeoReport request as a LogNeedRequest (still to be validated). lat/long are dropped
 * (the grid places the need); address_string goes into the description, which only
 * staff see. A single value for a multi-value list is taken as a list of one.
 */
export function fromOpen311Request(
  body: IntakeApi.Open311CreateRequest,
  definitions: readonly IntakeApi.CategoryAttribute[] | undefined,
): unknown {
  const attributes = Object.fromEntries(
    Object.entries(body.attribute).map(([code, value]) => {
      const multi = definitions?.find((d) => d.code === code)?.datatype === 'multivaluelist';
      return [code, multi && typeof value === 'string' ? [value] : value];
    }),
  );
  const name = fullName(body.first_name, body.last_name);
  return {
    channel: 'online',
    category: body.service_code,
    attributes,
    gridCode: body.grid_code,
    urgency: body.urgency,
    beneficiaryCount: body.beneficiary_count,
    beneficiaryGroups: [],
    description: body.address_string ? `${body.description}\n地址：${body.address_string}` : body.description,
    ...(name !== undefined || body.phone !== undefined
      ? { contact: { name, phone: body.phone, consent: body.consent === true } }
      : {}),
    ...(body.resident_id_number !== undefined ? { residentIdNumber: body.resident_id_number } : {}),
  };
}

const OPEN311_FIELDS: ReadonlyArray<[string, string]> = [
  ['category', 'service_code'],
  ['gridCode', 'grid_code'],
  ['beneficiaryCount', 'beneficiary_count'],
  ['contact.name', 'last_name'],
  ['contact.phone', 'phone'],
  ['contact.consent', 'consent'],
  ['contact', 'phone'],
  ['residentIdNumber', 'resident_id_number'],
];

/** The GeoReport name of a LogNeedRequest field, so errors name what the client sent. */
export function open311Field(field: string): string {
  if (field.startsWith('attributes.')) return `attribute[${field.slice('attributes.'.length).split('.')[0]}]`;
  const match = OPEN311_FIELDS.find(([path]) => field === path || field.startsWith(`${path}.`));
  return match ? match[1] : field;
}

/** GET requests.json filters as a store query. */
export function requestsFilter(query: IntakeApi.Open311RequestsQuery): { category?: string; extra: Filter } {
  const and: Filter[] = [];
  if (query.service_request_id) and.push({ caseNumber: { $in: query.service_request_id.split(',') } });
  const statuses = new Set(query.status?.split(','));
  if (statuses.size === 1) and.push({ status: { $in: statuses.has('open') ? [...OPEN_STATUSES] : CLOSED_STATUSES } });
  // loggedAt is stored as toISOString(), so comparing normalised ISO strings orders instants.
  if (query.start_date) and.push({ loggedAt: { $gte: new Date(query.start_date).toISOString() } });
  if (query.end_date) and.push({ loggedAt: { $lte: new Date(query.end_date).toISOString() } });
  return {
    ...(query.service_code ? { category: query.service_code } : {}),
    extra: and.length > 0 ? { $and: and } : {},
  };
}

// ---------- use cases ----------

export async function listServices(
  deps: Pick<IntakeDeps, 'registry'>,
  locale: Locale,
): Promise<IntakeApi.Open311Service[]> {
  const categories = await deps.registry.categories.find({ active: true }, { sort: { _id: 1 } });
  return categories.map((c) => toOpen311Service(c, locale));
}

export async function serviceDefinition(
  deps: Pick<IntakeDeps, 'registry'>,
  code: string,
  locale: Locale,
): Promise<IntakeApi.Open311ServiceDefinition> {
  const category = await deps.registry.category(code);
  if (!category || !category.active) throw notFound('INTAKE.UNKNOWN_SERVICE', `no service ${code}`);
  return toServiceDefinition(category, locale);
}

export async function createServiceRequest(
  deps: IntakeDeps,
  actor: Principal,
  body: IntakeApi.Open311CreateRequest,
  cause: Cause,
  locale: Locale,
  idempotencyKey: string | null = null,
): Promise<{ response: IntakeApi.Open311CreateResponse; duplicate: boolean }> {
  const category = await deps.registry.category(body.service_code);
  const parsed = IntakeApi.LogNeedRequest.safeParse(fromOpen311Request(body, category?.attributes));
  if (!parsed.success) {
    throw new AppError(
      'VALIDATION.INVALID_INPUT',
      400,
      'invalid body',
      renamed(zodFieldProblems(parsed.error), (f) => `body.${open311Field(f)}`),
    );
  }
  let logged;
  try {
    logged = await logNeed(deps, actor, parsed.data, cause, idempotencyKey);
  } catch (error) {
    if (error instanceof AppError && error.fields.length > 0) {
      throw new AppError(error.code, error.status, error.message, renamed([...error.fields], open311Field));
    }
    throw error;
  }
  const { need, duplicate } = logged;
  const notice = duplicate
    ? {
        zh: `该居民的同类诉求正在办理中，本次已并入案件 ${need.caseNumber}。`,
        en: `Linked to the resident's open request of the same service, case ${need.caseNumber}.`,
      }
    : {
        zh: `已受理，案件编号 ${need.caseNumber}；社区工作人员将于 ${need.sla.acknowledgeBy} 前确认。`,
        en: `Received as case ${need.caseNumber}; community staff will acknowledge it by ${need.sla.acknowledgeBy}.`,
      };
  return {
    response: [{ service_request_id: need.caseNumber, service_notice: notice[locale], account_id: null }],
    duplicate,
  };
}

const renamed = (fields: FieldProblem[], rename: (field: string) => string) =>
  fields.map((f) => ({ field: rename(f.field), reason: f.reason }));

/** Newest first, at most 1000, as GeoReport's GET requests.json. */
/**
 * Lists requests for a signed-in user, within their areas (`scopes`; undefined for
 * officials who see all). Not public: a public list would hand out every case
 * number, leaving the resident lookup guarded only by four phone digits, and per
 * community it could single out residents of sensitive categories.
 */
export async function findServiceRequests(
  deps: Pick<IntakeDeps, 'needs' | 'registry'>,
  query: IntakeApi.Open311RequestsQuery,
  scopes: string[] | undefined,
): Promise<IntakeApi.Open311ServiceRequest[]> {
  const { items } = await deps.needs.list(
    { ...requestsFilter(query), ...(scopes ? { scopes } : {}) },
    { limit: 1000, offset: 0 },
  );
  return withNames(deps, items, query.locale);
}

export async function oneServiceRequest(
  deps: Pick<IntakeDeps, 'needs' | 'registry'>,
  caseNumber: string,
  locale: Locale,
): Promise<IntakeApi.Open311ServiceRequest[]> {
  const need = await deps.needs.byCaseNumber(caseNumber);
  if (!need) throw notFound('INTAKE.UNKNOWN_SERVICE_REQUEST', 'no such service request');
  return withNames(deps, [need], locale);
}

/** Category, street and community names, read once per response rather than once per need. */
async function withNames(
  deps: Pick<IntakeDeps, 'registry'>,
  needs: Need[],
  locale: Locale,
): Promise<IntakeApi.Open311ServiceRequest[]> {
  const codes = [...new Set(needs.flatMap((n) => [n.streetCode, n.communityCode]))];
  const [categories, areas] = await Promise.all([
    deps.registry.categories.find({}),
    codes.length > 0 ? deps.registry.areas.find({ _id: { $in: codes } }) : Promise.resolve([]),
  ]);
  const category = new Map(categories.map((c) => [c._id, c.name[locale]]));
  const area = new Map(areas.map((a) => [a._id, a.name]));
  return needs.map((n) =>
    toOpen311Request(n, {
      service: category.get(n.category) ?? n.category,
      street: area.get(n.streetCode) ?? null,
      community: area.get(n.communityCode) ?? null,
    }),
  );
}
