import { z } from 'zod';
import { BeneficiaryGroup, NeedChannel, NeedStatus, Urgency } from '../events/common';
import { AreaCode, CaseNumber, Id } from '../values/ids';
import { MobilePhone } from '../values/phone';
import { ResidentIdNumber } from '../values/resident-id';

// ---------- administrative registry ----------

export const AreaKind = z.enum(['district', 'street', 'community', 'grid']);
export type AreaKind = z.infer<typeof AreaKind>;

export const GridWorker = z.object({ staffId: z.string().min(1).max(64), name: z.string().trim().min(1).max(50) });

export const AreaView = z
  .object({
    code: AreaCode,
    kind: AreaKind,
    name: z.string(),
    parentCode: AreaCode.nullable(),
    /** Codes from the district down to this area. */
    path: z.array(AreaCode),
    demo: z.boolean().describe('true for demonstration data (not a real administrative unit)'),
    gridWorkers: z.array(GridWorker),
    active: z.boolean(),
  })
  .meta({ id: 'Area' });

export const CreateAreaRequest = z
  .object({
    code: AreaCode,
    kind: AreaKind,
    name: z.string().trim().min(1).max(100),
    parentCode: AreaCode.nullable(),
    demo: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'CreateAreaRequest' });

export const UpdateAreaRequest = z
  .object({ name: z.string().trim().min(1).max(100).optional(), active: z.boolean().optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const SetGridWorkersRequest = z.object({ gridWorkers: z.array(GridWorker).max(50) }).strict();
export const AreaCodeParams = z.object({ code: AreaCode });
export const ListAreasQuery = z.object({ kind: AreaKind.optional(), parentCode: AreaCode.optional() });

// ---------- need categories (Open311 service definitions) ----------

export const AttributeDatatype = z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']);

export const CategoryAttribute = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and underscores'),
    label: z.object({ zh: z.string().min(1), en: z.string().min(1) }),
    datatype: AttributeDatatype,
    required: z.boolean(),
    order: z.number().int().min(0),
    description: z.string().default(''),
    values: z
      .array(z.object({ key: z.string().min(1), name: z.object({ zh: z.string(), en: z.string() }) }))
      .default([]),
  })
  .superRefine((a, ctx) => {
    const isList = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
    if (isList && a.values.length === 0)
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'a list attribute needs values' });
    if (!isList && a.values.length > 0)
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'only list attributes have values' });
  });
export type CategoryAttribute = z.infer<typeof CategoryAttribute>;

export const CategoryView = z
  .object({
    code: z.string(),
    name: z.object({ zh: z.string(), en: z.string() }),
    description: z.string(),
    group: z.string(),
    keywords: z.array(z.string()),
    attributes: z.array(CategoryAttribute),
    active: z.boolean(),
  })
  .meta({ id: 'Category' });

export const UpsertCategoryRequest = z
  .object({
    name: z.object({ zh: z.string().trim().min(1).max(50), en: z.string().trim().min(1).max(100) }),
    description: z.string().trim().max(500).default(''),
    group: z.string().trim().min(1).max(50),
    keywords: z.array(z.string().trim().min(1)).default([]),
    attributes: z
      .array(CategoryAttribute)
      .max(30)
      .superRefine((attrs, ctx) => {
        const codes = attrs.map((a) => a.code);
        if (new Set(codes).size !== codes.length)
          ctx.addIssue({ code: 'custom', message: 'attribute codes must be unique' });
      })
      .default([]),
    active: z.boolean().default(true),
  })
  .strict()
  .meta({ id: 'UpsertCategoryRequest' });

export const CategoryCodeParams = z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/) });

// ---------- logging and handling needs ----------

export const AttributeValue = z.union([z.string().max(1000), z.number(), z.array(z.string().max(200)).max(50)]);

export const ResidentContact = z
  .object({
    name: z.string().trim().min(1).max(50),
    phone: MobilePhone,
    /** PIPL: processing needs the resident's consent; without it no contact data is kept. */
    consent: z.literal(true, { message: 'the resident must consent to processing their contact data' }),
  })
  .strict();

export const LogNeedRequest = z
  .object({
    channel: NeedChannel,
    category: z.string().trim().min(1).max(40),
    attributes: z.record(z.string(), AttributeValue).default({}),
    gridCode: AreaCode,
    urgency: Urgency,
    beneficiaryCount: z.number().int().min(1).max(10_000),
    beneficiaryGroups: z.array(BeneficiaryGroup).max(6).default([]),
    description: z.string().trim().min(1).max(2_000),
    contact: ResidentContact.optional(),
    /** Validated, hashed with a secret key for de-duplication, then dropped. */
    residentIdNumber: ResidentIdNumber.optional(),
  })
  .strict()
  .meta({ id: 'LogNeedRequest' });
export type LogNeedRequest = z.infer<typeof LogNeedRequest>;

export const NeedTimelineEntry = z.object({
  status: NeedStatus,
  at: z.string(),
  /** The event or request that moved the need; lets a case be traced to its outcome. */
  cause: z.string(),
  note: z.string().optional(),
  /** A project step undone by the project's cancellation; kept as history. */
  superseded: z.boolean().optional(),
});

export const SlaState = z.enum(['on_time', 'due_soon', 'breached', 'met', 'missed']);

export const NeedView = z
  .object({
    needId: Id,
    caseNumber: CaseNumber,
    channel: NeedChannel,
    category: z.string(),
    attributes: z.record(z.string(), AttributeValue),
    districtCode: z.string(),
    streetCode: z.string(),
    communityCode: z.string(),
    gridCode: z.string(),
    urgency: Urgency,
    beneficiaryCount: z.number().int(),
    beneficiaryGroups: z.array(BeneficiaryGroup),
    description: z.string(),
    contact: z
      .object({
        name: z.string(),
        phone: z.string().describe('masked (138****1234) unless your role needs the full number'),
      })
      .nullable(),
    status: NeedStatus,
    timeline: z.array(NeedTimelineEntry),
    ownerId: z.string(),
    loggedBy: z.string(),
    loggedAt: z.string(),
    sla: z.object({
      acknowledgeBy: z.string(),
      acknowledgedAt: z.string().nullable(),
      escalatedAt: z.string().nullable(),
      state: SlaState,
    }),
    duplicateReports: z.number().int(),
    satisfaction: z.number().int().nullable(),
  })
  .meta({ id: 'Need' });
export type NeedView = z.infer<typeof NeedView>;

/** When the same resident's open need of the same category exists, it is returned with `duplicate: true`. */
export const LogNeedResponse = NeedView.extend({ duplicate: z.boolean() }).meta({ id: 'LogNeedResponse' });

export const NeedIdParams = z.object({ needId: Id });
export const CaseNumberParams = z.object({ caseNumber: CaseNumber });

export const ListNeedsQuery = z.object({
  area: AreaCode.optional().describe('a district, street, community or grid code'),
  category: z.string().optional(),
  status: NeedStatus.optional(),
  urgency: Urgency.optional(),
  ownerId: z.string().optional(),
  slaState: SlaState.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const NeedList = z.object({ items: z.array(NeedView), total: z.number().int() }).meta({ id: 'NeedList' });

export const ReassignNeedRequest = z
  .object({ to: z.string().trim().min(1).max(64), reason: z.string().trim().min(2).max(500) })
  .strict();

export const ResolveNeedRequest = z
  .discriminatedUnion('how', [
    z.object({ how: z.literal('resolved_directly'), outcome: z.string().trim().min(2).max(1000) }).strict(),
    z
      .object({
        how: z.literal('referred'),
        referredTo: z.string().trim().min(2).max(200).describe('the existing service the need was referred to'),
        outcome: z.string().trim().min(2).max(1000),
      })
      .strict(),
  ])
  .meta({ id: 'ResolveNeedRequest' });

export const WithdrawNeedRequest = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
export const CloseNeedRequest = z.object({ satisfaction: z.number().int().min(1).max(5).nullable() }).strict();

// ---------- the resident's own lookup (public) ----------

export const TrackCaseRequest = z
  .object({ caseNumber: CaseNumber, phoneLast4: z.string().regex(/^\d{4}$/, 'the last four digits of the phone') })
  .strict();

export const PublicCaseView = z
  .object({
    caseNumber: CaseNumber,
    category: z.object({ zh: z.string(), en: z.string() }),
    status: NeedStatus,
    timeline: z.array(z.object({ status: NeedStatus, at: z.string() })),
    loggedAt: z.string(),
  })
  .meta({ id: 'PublicCase' });

// ---------- statistics (counts, resolution times, acknowledgement SLA) ----------

export const NeedStatsGroupBy = z.enum(['grid', 'community', 'street', 'district', 'category']);
export type NeedStatsGroupBy = z.infer<typeof NeedStatsGroupBy>;

export const NeedStatsQuery = z
  .object({
    groupBy: NeedStatsGroupBy,
    area: AreaCode.optional().describe('only needs under this district, street, community or grid (within your scope)'),
    from: z.iso.datetime({ offset: true }).optional().describe('needs logged at or after this instant'),
    to: z.iso.datetime({ offset: true }).optional().describe('needs logged before this instant'),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from).getTime() < new Date(q.to).getTime(), {
    message: 'from must be before to',
    path: ['to'],
  });
export type NeedStatsQuery = z.infer<typeof NeedStatsQuery>;

const Count = z.number().int().min(0);

export const NeedStatsFigures = z.object({
  total: Count,
  open: Count.describe('logged, acknowledged, in project, contracted or in service'),
  byStatus: z.record(NeedStatus, Count),
  byUrgency: z.record(Urgency, Count),
  resolved: Count.describe('needs that reached resolved, referred, fulfilled or closed'),
  resolutionHours: z
    .object({ median: z.number().nullable(), mean: z.number().nullable() })
    .describe(
      'from logging to the first of resolved, referred, fulfilled or closed on the timeline; null without resolved needs',
    ),
  acknowledgementSla: z.object({
    met: Count,
    missed: Count.describe('acknowledged late, or withdrawn unacknowledged after the deadline'),
    breached: Count.describe('still unacknowledged and past the deadline now'),
    complianceRate: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe('met / (met + missed + breached); null when there is nothing to measure'),
  }),
  satisfaction: z.object({ mean: z.number().nullable(), count: Count }),
});

export const NeedStatsGroup = NeedStatsFigures.extend({
  key: z.string().describe('the area code or category code'),
  label: z.object({ zh: z.string(), en: z.string().nullable() }).describe('area names are Chinese only'),
});

export const NeedStats = z
  .object({
    groupBy: NeedStatsGroupBy,
    area: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    generatedAt: z.string(),
    groups: z.array(NeedStatsGroup),
    totals: NeedStatsFigures,
  })
  .meta({ id: 'NeedStats' });
export type NeedStats = z.infer<typeof NeedStats>;

// ---------- Open311 GeoReport v2 facade and CSV import (open311-routes.ts, import-routes.ts) ----------
// Open311 field names are snake_case as the GeoReport v2 specification spells them.

export const Open311Locale = z.enum(['zh', 'en']).default('zh').describe('language of names and descriptions');
export const Open311LocaleQuery = z.object({ locale: Open311Locale });

export const Open311Service = z
  .object({
    service_code: z.string(),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean().describe('true when the service has attributes: read GET services/{service_code}.json'),
    type: z.literal('realtime'),
    keywords: z.string().describe('comma-separated'),
    group: z.string(),
  })
  .meta({ id: 'Open311Service' });
export type Open311Service = z.infer<typeof Open311Service>;

export const Open311Attribute = z.object({
  variable: z.literal(true),
  code: z.string(),
  datatype: AttributeDatatype,
  required: z.boolean(),
  datatype_description: z.string().nullable(),
  order: z.number().int(),
  description: z.string(),
  values: z.array(z.object({ key: z.string(), name: z.string() })),
});

export const Open311ServiceDefinition = z
  .object({ service_code: z.string(), attributes: z.array(Open311Attribute) })
  .meta({ id: 'Open311ServiceDefinition' });
export type Open311ServiceDefinition = z.infer<typeof Open311ServiceDefinition>;

export const Open311ServiceCodeParams = z.object({ service_code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/) });

/** Form fields arrive as strings, and an empty field means "not given". */
const blankAsMissing = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);
const FormBoolean = z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true');

export const Open311CreateRequest = z
  .object({
    service_code: z.string().trim().min(1).max(40),
    description: z.string().trim().min(1).max(2_000),
    grid_code: AreaCode.describe(
      'Jurisdiction-specific and required: the grid (网格) the request belongs to. GeoReport has no such field; every need here belongs to a grid.',
    ),
    lat: blankAsMissing(z.coerce.number().min(-90).max(90).optional()).describe(
      'Accepted and not kept: the grid places the request, and the coordinates of a home are personal data we do not need.',
    ),
    long: blankAsMissing(z.coerce.number().min(-180).max(180).optional()).describe('As lat: accepted and not kept.'),
    address_string: blankAsMissing(z.string().trim().max(200).optional()).describe(
      'Appended to the description (staff need it to visit); never shown in the public request views.',
    ),
    first_name: blankAsMissing(z.string().trim().min(1).max(25).optional()),
    last_name: blankAsMissing(z.string().trim().min(1).max(25).optional()),
    phone: blankAsMissing(MobilePhone.optional()),
    email: blankAsMissing(z.string().max(200).optional()).describe(
      'Accepted and not kept: residents are contacted by phone.',
    ),
    consent: blankAsMissing(FormBoolean.optional()).describe(
      'Jurisdiction-specific: must be true when a name or phone is given (PIPL consent to processing contact data).',
    ),
    urgency: blankAsMissing(Urgency.default('normal')),
    beneficiary_count: blankAsMissing(z.coerce.number().int().min(1).max(10_000).default(1)).describe(
      'Jurisdiction-specific; default 1.',
    ),
    resident_id_number: blankAsMissing(ResidentIdNumber.optional()).describe(
      'Jurisdiction-specific, optional: links a repeat request of the same resident; hashed, never stored.',
    ),
    attribute: z
      .record(z.string(), AttributeValue)
      .default({})
      .describe('attribute[code]=value; multi-value lists as attribute[code][]=value, repeated'),
    jurisdiction_id: z.string().optional().describe('Accepted and ignored: there is one jurisdiction.'),
    api_key: z.string().optional().describe('Accepted and ignored: send a bearer token instead.'),
  })
  .superRefine((r, ctx) => {
    if (r.first_name === undefined && r.last_name === undefined && r.phone === undefined) return;
    if (r.phone === undefined)
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'a contact needs a phone number' });
    if (r.first_name === undefined && r.last_name === undefined) {
      ctx.addIssue({ code: 'custom', path: ['last_name'], message: 'a contact needs a name' });
    }
    if (r.consent !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['consent'],
        message: 'the resident must consent (consent=true) to processing their name and phone',
      });
    }
  })
  .meta({ id: 'Open311CreateRequest' });
export type Open311CreateRequest = z.infer<typeof Open311CreateRequest>;

export const Open311CreateResponse = z
  .array(z.object({ service_request_id: CaseNumber, service_notice: z.string(), account_id: z.null() }))
  .meta({ id: 'Open311CreateResponse' });
export type Open311CreateResponse = z.infer<typeof Open311CreateResponse>;

const CASE_LIST = /^NEED-\d{8}-[0-9A-HJKMNP-TV-Z]{6}(,NEED-\d{8}-[0-9A-HJKMNP-TV-Z]{6}){0,99}$/;

export const Open311RequestsQuery = z
  .object({
    service_request_id: z.string().regex(CASE_LIST, 'up to 100 comma-separated case numbers').optional(),
    service_code: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,39}$/)
      .optional(),
    status: z
      .string()
      .regex(/^(open|closed)(,(open|closed))?$/, 'open, closed or open,closed')
      .optional(),
    start_date: z.iso.datetime({ offset: true }).optional().describe('requested at or after (ISO 8601)'),
    end_date: z.iso.datetime({ offset: true }).optional().describe('requested at or before (ISO 8601)'),
    locale: Open311Locale,
  })
  .refine((q) => !q.start_date || !q.end_date || Date.parse(q.start_date) <= Date.parse(q.end_date), {
    message: 'start_date must not be after end_date',
    path: ['end_date'],
  });
export type Open311RequestsQuery = z.infer<typeof Open311RequestsQuery>;

export const Open311RequestIdParams = z.object({ service_request_id: CaseNumber });

/** The public view of a need: no personal data and no free text (a description may hold personal data). */
export const Open311ServiceRequest = z
  .object({
    service_request_id: CaseNumber,
    status: z.enum(['open', 'closed']),
    status_notes: NeedStatus.describe('our status'),
    service_name: z.string(),
    service_code: z.string(),
    agency_responsible: z.string().nullable().describe('the street (街道) handling it'),
    requested_datetime: z.string(),
    updated_datetime: z.string(),
    address: z.string().nullable().describe('the community (社区), never the resident address'),
    zipcode: z.null(),
    lat: z.null(),
    long: z.null(),
  })
  .meta({ id: 'Open311ServiceRequest' });
export type Open311ServiceRequest = z.infer<typeof Open311ServiceRequest>;

export const NEED_IMPORT_MAX_ROWS = 10_000;

/** Columns of the CSV import; category fields come as `attr.<field code>`. */
export const NeedImportColumn = z.enum([
  'channel',
  'category',
  'grid_code',
  'urgency',
  'beneficiary_count',
  'beneficiary_groups',
  'description',
  'contact_name',
  'contact_phone',
  'consent',
  'resident_id_number',
]);
export type NeedImportColumn = z.infer<typeof NeedImportColumn>;

export const NeedImportCsv = z
  .string()
  .describe(
    'CSV UTF-8 with a header row: channel, category, grid_code, urgency, beneficiary_count, description, and optionally beneficiary_groups (;-separated), contact_name, contact_phone, consent (true/false), resident_id_number, attr.<field code> (multi-value fields ;-separated). At most 10,000 rows and 5 MB.',
  );

export const NeedImportStatus = z.enum(['validating', 'importing', 'done', 'failed']);
export type NeedImportStatus = z.infer<typeof NeedImportStatus>;

export const NeedImportAccepted = z
  .object({ importId: Id, status: NeedImportStatus })
  .meta({ id: 'NeedImportAccepted' });
export type NeedImportAccepted = z.infer<typeof NeedImportAccepted>;
export const NeedImportIdParams = z.object({ importId: Id });

export const NeedImportView = z
  .object({
    importId: Id,
    status: NeedImportStatus,
    totalRows: z.number().int(),
    validatedRows: z.number().int(),
    processedRows: z.number().int().describe('rows imported so far'),
    createdNeeds: z.number().int(),
    duplicates: z.number().int().describe('rows linked to the same resident’s open need of the same category'),
    errors: z
      .array(z.object({ field: z.string(), reason: z.string() }))
      .describe('rows.<line>.<column>: the line as Excel numbers it (the header is line 1)'),
    results: z
      .array(z.object({ row: z.number().int(), caseNumber: CaseNumber, duplicate: z.boolean() }))
      .describe('every imported row with the case number to give the resident'),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'NeedImport' });
export type NeedImportView = z.infer<typeof NeedImportView>;
