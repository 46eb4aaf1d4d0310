import type { IntakeApi } from '@sanshe/contracts';
import { validateAttributes } from './attributes';

const label = (en: string) => ({ zh: en, en });
const defs: IntakeApi.CategoryAttribute[] = [
  {
    code: 'household_size',
    label: label('Household size'),
    datatype: 'number',
    required: true,
    order: 1,
    description: '',
    values: [],
  },
  {
    code: 'aid_type',
    label: label('Type of aid'),
    datatype: 'multivaluelist',
    required: true,
    order: 2,
    description: '',
    values: [
      { key: 'living', name: label('Living') },
      { key: 'medical', name: label('Medical') },
    ],
  },
  {
    code: 'available_from',
    label: label('Available from'),
    datatype: 'datetime',
    required: false,
    order: 3,
    description: '',
    values: [],
  },
  { code: 'note', label: label('Note'), datatype: 'string', required: false, order: 4, description: '', values: [] },
];

describe('category fields of a need', () => {
  test('valid values pass, numbers given as text become numbers', () => {
    expect(
      validateAttributes(defs, { household_size: '4', aid_type: ['living', 'medical'], available_from: '2026-04-01' }),
    ).toEqual({
      ok: true,
      values: { household_size: 4, aid_type: ['living', 'medical'], available_from: '2026-04-01' },
    });
  });

  test('missing required fields are named with their label', () => {
    expect(validateAttributes(defs, {})).toEqual({
      ok: false,
      problems: [
        { field: 'attributes.household_size', reason: 'Household size is required' },
        { field: 'attributes.aid_type', reason: 'Type of aid is required' },
      ],
    });
  });

  test('wrong datatypes, unknown list values and unknown fields are each reported', () => {
    const result = validateAttributes(defs, {
      household_size: 'four',
      aid_type: ['living', 'lottery'],
      available_from: 'soon',
      colour: 'red',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toEqual([
      'attributes.colour',
      'attributes.household_size',
      'attributes.aid_type',
      'attributes.available_from',
    ]);
    expect(result.problems[2]?.reason).toBe('must be a list of distinct values among living, medical');
  });

  test('a long string is refused for a string field', () => {
    const result = validateAttributes(defs, { household_size: 1, aid_type: ['living'], note: 'x'.repeat(201) });
    expect(result).toEqual({
      ok: false,
      problems: [{ field: 'attributes.note', reason: 'must be text of at most 200 characters' }],
    });
  });
});
