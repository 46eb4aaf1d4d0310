/**
 * What the write-path benchmarks share: the need every request logs (a new resident each time,
 * so each one is created, not linked as a duplicate) and the staff member who logs it.
 */
export const GRID = 'XZ-GL-HL-01-G01';
export const COMMUNITY = 'XZ-GL-HL-01';

export const STAFF = { sub: 'bench-staff', roles: ['community_staff' as const], communities: [COMMUNITY] };

/** POST /api/intake/needs: `__RID__` becomes a distinct valid resident ID number per request. */
export const NEED_BODY = {
  channel: 'window',
  category: 'elderly_care',
  attributes: { care_type: 'home_visit' },
  gridCode: GRID,
  urgency: 'normal',
  beneficiaryCount: 1,
  beneficiaryGroups: ['elderly', 'living_alone'],
  description: '独居老人需要上门探访',
  contact: { name: '李大爷', phone: '13812345678', consent: true },
  residentIdNumber: '__RID__',
};

export const NEEDS_PATH = '/api/intake/needs';
