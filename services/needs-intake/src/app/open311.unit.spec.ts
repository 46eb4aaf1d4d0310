import { IntakeApi } from '@sanshe/contracts';
import type { CategoryDocument } from '../adapters/store/registry-repository';
import type { Need } from '../domain/need';
import {
  fromOpen311Request,
  open311Field,
  open311Status,
  requestsFilter,
  toOpen311Request,
  toOpen311Service,
  toServiceDefinition,
} from './open311';

const category: CategoryDocument = {
  _id: 'rehabilitation',
  name: { zh: '康复护理', en: 'Rehabilitation' },
  description: 'Rehabilitation and nursing',
  group: 'disability',
  keywords: ['康复', '优抚'],
  active: true,
  attributes: [
    {
      code: 'notes',
      label: { zh: '备注', en: 'Notes' },
      datatype: 'text',
      required: false,
      order: 2,
      description: '',
      values: [],
    },
    {
      code: 'support_needed',
      label: { zh: '所需支持', en: 'Support needed' },
      datatype: 'multivaluelist',
      required: true,
      order: 1,
      description: 'what helps',
      values: [
        { key: 'physiotherapy', name: { zh: '康复训练', en: 'Physiotherapy' } },
        { key: 'nursing', name: { zh: '护理', en: 'Nursing' } },
      ],
    },
  ],
};

const need: Need = {
  _id: '7d4f3b2a-1c5e-4f6a-9b8c-0d1e2f3a4b5c',
  caseNumber: 'NEED-20260302-7K3M9Q',
  channel: 'window',
  category: 'rehabilitation',
  attributes: { support_needed: ['nursing'] },
  areaPath: ['XZ-GL', 'XZ-GL-HL', 'XZ-GL-HL-01', 'XZ-GL-HL-01-G01'],
  districtCode: 'XZ-GL',
  streetCode: 'XZ-GL-HL',
  communityCode: 'XZ-GL-HL-01',
  gridCode: 'XZ-GL-HL-01-G01',
  urgency: 'high',
  beneficiaryCount: 1,
  beneficiaryGroups: ['disabled'],
  description: '张三 住3号楼2单元，中风后需康复',
  contact: { name: '张三', phone: '13812345678', consentAt: '2026-03-02T01:00:00.000Z' },
  residentKey: 'abc123',
  status: 'resolved',
  timeline: [
    { status: 'logged', at: '2026-03-02T01:00:00.000Z', cause: 'request:1' },
    { status: 'resolved', at: '2026-03-04T08:00:00.000Z', cause: 'request:2', note: '已联系张三' },
  ],
  ownerId: 'staff-1',
  ownerHistory: [],
  loggedBy: 'staff-1',
  loggedAt: '2026-03-02T01:00:00.000Z',
  sla: {
    acknowledgeBy: '2026-03-02T05:00:00.000Z',
    acknowledgedAt: null,
    met: null,
    remindedAt: null,
    escalatedAt: null,
  },
  resolution: { how: 'resolved_directly', referredTo: null, outcome: '张三已安排康复' },
  satisfaction: null,
  duplicateReports: 0,
  closedAt: null,
};

describe('Open311 services', () => {
  test('a category is a realtime service with metadata when it has fields, in the asked language', () => {
    expect(toOpen311Service(category, 'en')).toEqual({
      service_code: 'rehabilitation',
      service_name: 'Rehabilitation',
      description: 'Rehabilitation and nursing',
      metadata: true,
      type: 'realtime',
      keywords: '康复,优抚',
      group: 'disability',
    });
    expect(toOpen311Service({ ...category, attributes: [] }, 'zh')).toMatchObject({
      service_name: '康复护理',
      metadata: false,
    });
  });

  test('the service definition lists the fields in their order with GeoReport datatypes and value names', () => {
    const definition = toServiceDefinition(category, 'zh');
    expect(definition.attributes.map((a) => a.code)).toEqual(['support_needed', 'notes']);
    expect(definition.attributes[0]).toMatchObject({
      variable: true,
      datatype: 'multivaluelist',
      required: true,
      order: 1,
      description: '所需支持: what helps',
      values: [
        { key: 'physiotherapy', name: '康复训练' },
        { key: 'nursing', name: '护理' },
      ],
    });
    expect(IntakeApi.Open311ServiceDefinition.safeParse(definition).success).toBe(true);
  });
});

describe('Open311 service requests, public view', () => {
  const view = toOpen311Request(need, { service: '康复护理', street: '黄楼街道', community: '黄楼社区' });

  test('a need shows only its case, status, service, street, community and times', () => {
    expect(view).toEqual({
      service_request_id: 'NEED-20260302-7K3M9Q',
      status: 'closed',
      status_notes: 'resolved',
      service_name: '康复护理',
      service_code: 'rehabilitation',
      agency_responsible: '黄楼街道',
      requested_datetime: '2026-03-02T01:00:00.000Z',
      updated_datetime: '2026-03-04T08:00:00.000Z',
      address: '黄楼社区',
      zipcode: null,
      lat: null,
      long: null,
    });
  });

  test('no name, phone, description, outcome, grid or resident key reaches the public view', () => {
    const text = JSON.stringify(view);
    for (const secret of ['张三', '13812345678', '3号楼', 'abc123', 'G01', 'staff-1'])
      expect(text).not.toContain(secret);
  });

  test.each([
    ['logged', 'open'],
    ['in_service', 'open'],
    ['fulfilled', 'closed'],
    ['referred', 'closed'],
    ['withdrawn', 'closed'],
    ['closed', 'closed'],
  ] as const)('a need %s is %s in Open311', (status, expected) => {
    expect(open311Status(status)).toBe(expected);
  });
});

describe('Open311 request → LogNeedRequest', () => {
  const body = IntakeApi.Open311CreateRequest.parse({
    service_code: 'rehabilitation',
    description: '需要康复训练',
    grid_code: 'XZ-GL-HL-01-G01',
    lat: '34.26',
    long: '117.18',
    address_string: '黄楼路1号',
    first_name: '芳',
    last_name: '王',
    phone: '13812345678',
    consent: 'true',
    attribute: { support_needed: 'nursing' },
  });

  test('online channel, family name first, address kept in the description, coordinates dropped, a single list value as a list', () => {
    const input = IntakeApi.LogNeedRequest.parse(fromOpen311Request(body, category.attributes));
    expect(input).toEqual({
      channel: 'online',
      category: 'rehabilitation',
      attributes: { support_needed: ['nursing'] },
      gridCode: 'XZ-GL-HL-01-G01',
      urgency: 'normal',
      beneficiaryCount: 1,
      beneficiaryGroups: [],
      description: '需要康复训练\n地址：黄楼路1号',
      contact: { name: '王芳', phone: '13812345678', consent: true },
    });
    expect(JSON.stringify(input)).not.toContain('34.26');
  });

  test('a name or phone without consent=true is refused, naming consent', () => {
    const result = IntakeApi.Open311CreateRequest.safeParse({
      service_code: 'x',
      description: 'd',
      grid_code: 'XZ-GL',
      phone: '13812345678',
      last_name: '王',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['consent']);
  });

  test('errors about our fields are named as the client sent them', () => {
    expect(open311Field('gridCode')).toBe('grid_code');
    expect(open311Field('category')).toBe('service_code');
    expect(open311Field('attributes.support_needed')).toBe('attribute[support_needed]');
    expect(open311Field('contact.consent')).toBe('consent');
  });

  test('filters: case numbers, one status, a date range normalised to stored ISO instants', () => {
    const filter = requestsFilter({
      service_request_id: 'NEED-20260302-7K3M9Q,NEED-20260302-7K3M9R',
      status: 'closed',
      start_date: '2026-03-02T08:00:00+08:00',
      locale: 'zh',
    });
    expect(filter.extra).toEqual({
      $and: [
        { caseNumber: { $in: ['NEED-20260302-7K3M9Q', 'NEED-20260302-7K3M9R'] } },
        { status: { $in: ['fulfilled', 'resolved', 'referred', 'withdrawn', 'closed'] } },
        { loggedAt: { $gte: '2026-03-02T00:00:00.000Z' } },
      ],
    });
    expect(requestsFilter({ status: 'open,closed', locale: 'zh' }).extra).toEqual({});
  });
});
