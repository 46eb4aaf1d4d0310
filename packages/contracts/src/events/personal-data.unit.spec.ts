import { z } from 'zod';
import { EVENT_CATALOG } from '../catalog';

/**
 * Events travel to every consumer and sit in Kafka for the retention period, so they carry no
 * personal data of residents or social workers: no phone, ID number, address, birth date or a
 * person's name. Names of organisations, areas, programmes and KPIs are not personal and are
 * listed here one by one, so a new `name` field is a decision someone makes in review.
 */
const PERSONAL = /phone|idnumber|id_number|resident(?!code)|contact|address|birth|gender|ethnic|salary|income(?!_)/i;
const NAMED = /name$/i;
const ALLOWED_NAMES = new Set([
  'intake.area.changed name',
  'design.project.published evaluationCriteria.[].name',
  'design.project.published kpis.[].name',
  'design.programme.opened name',
  'design.programme.opened funderName',
  'procurement.organisation.registered name',
  'procurement.tender.awarded organisationName',
  'procurement.round.awarded grants.[].organisationName',
  'fulfilment.contract.signed organisationName',
  'fulfilment.grant.contracted organisationName',
]);

function fieldPaths(schema: unknown, path = ''): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const paths: string[] = [];
  for (const [key, child] of Object.entries((node.properties as Record<string, unknown>) ?? {})) {
    paths.push(`${path}${key}`, ...fieldPaths(child, `${path}${key}.`));
  }
  if (node.items) paths.push(...fieldPaths(node.items, `${path}[].`));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = node[key];
    if (Array.isArray(options)) for (const option of options) paths.push(...fieldPaths(option, path));
  }
  return paths;
}

const FIELDS = EVENT_CATALOG.flatMap((event) =>
  fieldPaths(z.toJSONSchema(event.data as z.ZodType, { unrepresentable: 'any' })).map((p) => `${event.type} ${p}`),
);

describe('personal data in events', () => {
  test('the catalogue is walked field by field', () => {
    expect(FIELDS.length).toBeGreaterThan(200);
    expect(FIELDS).toContain('intake.need.logged gridCode');
  });

  test('no event has a field for a resident’s or worker’s personal data', () => {
    expect(FIELDS.filter((f) => PERSONAL.test(f.split(' ')[1]!))).toEqual([]);
  });

  test('every name field is a reviewed, non-personal one', () => {
    expect(FIELDS.filter((f) => NAMED.test(f) && !ALLOWED_NAMES.has(f))).toEqual([]);
  });
});
