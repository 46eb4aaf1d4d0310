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
    values: z.array(z.object({ key: z.string().min(1), name: z.object({ zh: z.string(), en: z.string() }) })).default([]),
  })
  .superRefine((a, ctx) => {
    const isList = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
    if (isList && a.values.length === 0) ctx.addIssue({ code: 'custom', path: ['values'], message: 'a list attribute needs values' });
    if (!isList && a.values.length > 0) ctx.addIssue({ code: 'custom', path: ['values'], message: 'only list attributes have values' });
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
        if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', message: 'attribute codes must be unique' });
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
      .object({ name: z.string(), phone: z.string().describe('masked (138****1234) unless your role needs the full number') })
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
