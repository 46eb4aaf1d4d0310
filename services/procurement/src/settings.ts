import { z } from 'zod';
import type { ProcurementPolicy } from './domain/policy';

const DEV_MASTER_KEY = 'ZGV2LW9ubHktcHJvY3VyZW1lbnQta2V5LWNoYW5nZSE='; // "dev-only-procurement-key-change!"
const seconds = z.coerce.number().int().min(1);

/** A dated change of policy: the fields given replace those of the policy before it. */
const PolicyChange = z
  .object({
    effectiveFrom: z.iso.datetime({ offset: true }),
    minPriceWeight: z.number().int().min(0).max(100).optional(),
    defaultPriceWeight: z.number().int().min(0).max(100).optional(),
    minQualifiedBids: z
      .object({
        open_tender: z.number().int().min(1),
        competitive_consultation: z.number().int().min(1),
        competitive_negotiation: z.number().int().min(1),
        single_source: z.number().int().min(1),
        inquiry: z.number().int().min(1),
      })
      .partial()
      .optional(),
    tenderPeriodSeconds: z.number().int().min(1).optional(),
    enquiryLeadSeconds: z.number().int().min(0).optional(),
    standstillSeconds: z.number().int().min(0).optional(),
    minEvaluators: z.number().int().min(1).optional(),
    outlierStandardDeviations: z.number().positive().optional(),
    outlierGapPoints: z.number().positive().optional(),
  })
  .strict();

/** Procurement policy values, the sealing master key and OCDS publishing, from the environment. */
export const ProcurementSettings = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    TENDER_PERIOD_SECONDS: seconds.default(20 * 24 * 3600),
    MIN_PRICE_WEIGHT: z.coerce.number().int().min(0).max(100).default(10),
    MIN_QUALIFIED_BIDS: z.coerce.number().int().min(1).default(3),
    PROCUREMENT_MIN_QUALIFIED_BIDS_CONSULTATION: z.coerce.number().int().min(1).default(2),
    PROCUREMENT_DEFAULT_PRICE_WEIGHT: z.coerce.number().int().min(0).max(100).default(30),
    PROCUREMENT_ENQUIRY_LEAD_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .default(3 * 24 * 3600),
    PROCUREMENT_STANDSTILL_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .default(7 * 24 * 3600),
    PROCUREMENT_MIN_EVALUATORS: z.coerce.number().int().min(1).default(3),
    PROCUREMENT_OUTLIER_SD: z.coerce.number().positive().default(2),
    PROCUREMENT_OUTLIER_GAP_POINTS: z.coerce.number().positive().default(20),
    /** JSON array of dated policy changes, e.g. [{"effectiveFrom":"2027-01-01T00:00:00+08:00","minPriceWeight":15}]. */
    PROCUREMENT_POLICIES: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (!s) return [];
        try {
          return z.array(PolicyChange).parse(JSON.parse(s));
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `must be a JSON array of dated policy changes: ${String(error)}` });
          return z.NEVER;
        }
      }),
    /** 32 bytes, base64: wraps each tender's sealing key. */
    PROCUREMENT_MASTER_KEY: z
      .string()
      .default(DEV_MASTER_KEY)
      .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be 32 bytes in base64 (openssl rand -base64 32)'),
    OCDS_OCID_PREFIX: z
      .string()
      .regex(/^ocds-[a-z0-9]{6}$/, 'an OCDS prefix looks like ocds-abc123')
      .default('ocds-sanshe'),
    OCDS_PUBLISHER_NAME: z.string().min(1).default('三社联动平台'),
    OCDS_BUYER_ID: z.string().min(1).default('CN-BUYER-civil-affairs'),
    OCDS_BUYER_NAME: z.string().min(1).default('民政局'),
    PUBLIC_BASE_URL: z.url().default('http://localhost:8080'),
  })
  .superRefine((s, ctx) => {
    if (s.NODE_ENV === 'production' && s.PROCUREMENT_MASTER_KEY === DEV_MASTER_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['PROCUREMENT_MASTER_KEY'],
        message: 'set a real key in production (openssl rand -base64 32)',
      });
  })
  .transform((s) => {
    const base: ProcurementPolicy = {
      effectiveFrom: '1970-01-01T00:00:00.000Z',
      minPriceWeight: s.MIN_PRICE_WEIGHT,
      defaultPriceWeight: s.PROCUREMENT_DEFAULT_PRICE_WEIGHT,
      minQualifiedBids: {
        open_tender: s.MIN_QUALIFIED_BIDS,
        competitive_consultation: s.PROCUREMENT_MIN_QUALIFIED_BIDS_CONSULTATION,
        competitive_negotiation: s.MIN_QUALIFIED_BIDS,
        inquiry: s.MIN_QUALIFIED_BIDS,
        single_source: 1,
      },
      tenderPeriodSeconds: s.TENDER_PERIOD_SECONDS,
      enquiryLeadSeconds: s.PROCUREMENT_ENQUIRY_LEAD_SECONDS,
      standstillSeconds: s.PROCUREMENT_STANDSTILL_SECONDS,
      minEvaluators: s.PROCUREMENT_MIN_EVALUATORS,
      outlierStandardDeviations: s.PROCUREMENT_OUTLIER_SD,
      outlierGapPoints: s.PROCUREMENT_OUTLIER_GAP_POINTS,
    };
    const policies: ProcurementPolicy[] = [base];
    for (const change of [...s.PROCUREMENT_POLICIES].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))) {
      const before = policies[policies.length - 1] as ProcurementPolicy;
      const { minQualifiedBids, ...rest } = change;
      policies.push({
        ...before,
        ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
        minQualifiedBids: { ...before.minQualifiedBids, ...minQualifiedBids },
        effectiveFrom: new Date(change.effectiveFrom).toISOString(),
      });
    }
    return {
      policies,
      masterKey: Buffer.from(s.PROCUREMENT_MASTER_KEY, 'base64'),
      ocds: {
        ocidPrefix: s.OCDS_OCID_PREFIX,
        publisherName: s.OCDS_PUBLISHER_NAME,
        buyerId: s.OCDS_BUYER_ID,
        buyerName: s.OCDS_BUYER_NAME,
        baseUrl: s.PUBLIC_BASE_URL.replace(/\/$/, ''),
      },
    };
  });
export type ProcurementSettings = z.infer<typeof ProcurementSettings>;
