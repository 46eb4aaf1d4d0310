import { AppError } from '@sanshe/platform';
import type { IntakeApi } from '@sanshe/contracts';
import { assertUtf8, columnOf, excelDateToIso, readCsv, rowToRequest } from './import-needs';

const HEADER =
  'channel,category,grid_code,urgency,beneficiary_count,beneficiary_groups,description,contact_name,contact_phone,consent,resident_id_number,attr.aid_type,attr.household_size';
const COLUMNS = HEADER.split(',');

const HARDSHIP: IntakeApi.CategoryAttribute[] = [
  {
    code: 'household_size',
    label: { zh: '家庭人数', en: 'Household size' },
    datatype: 'number',
    required: true,
    order: 1,
    description: '',
    values: [],
  },
  {
    code: 'aid_type',
    label: { zh: '帮扶类型', en: 'Type of aid' },
    datatype: 'multivaluelist',
    required: true,
    order: 2,
    description: '',
    values: [
      { key: 'living', name: { zh: '生活救助', en: 'Living costs' } },
      { key: 'medical', name: { zh: '医疗救助', en: 'Medical' } },
    ],
  },
];
const AVAILABLE: IntakeApi.CategoryAttribute[] = [
  {
    code: 'available_from',
    label: { zh: '可到岗日期', en: 'Available from' },
    datatype: 'datetime',
    required: false,
    order: 1,
    description: '',
    values: [],
  },
];

const row = (line: number, cells: string) => ({ line, cells: cells.split(',') });
const GOOD =
  'window,hardship_aid,XZ-GL-HL-01-G01,high,3,low_income;elderly,困难家庭,王芳,13812345678,TRUE,11010519491231002X,living；medical,3';

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('reading a CSV file', () => {
  test('a UTF-8 BOM written by Excel is dropped, so the first column is still recognised', () => {
    const file = readCsv(`\uFEFF${HEADER}\n${GOOD}\n`);
    expect(file.columns[0]).toBe('channel');
    expect(file.rows).toHaveLength(1);
  });

  test('rows are numbered as Excel numbers them: blank lines count and a cell spanning lines stays one row', () => {
    const text = `${HEADER}\n${GOOD}\n\nweb,"two\nlines",,,,,,,,,,,\n${GOOD}\r\n`;
    expect(readCsv(text).rows.map((r) => r.line)).toEqual([2, 4, 5]);
  });

  test('a row of empty cells (what Excel writes for a cleared row) is skipped, not reported', () => {
    expect(readCsv(`${HEADER}\n${GOOD}\n,,,,,,,,,,,,\n`).rows).toHaveLength(1);
  });

  test('a header with an unknown, a duplicated and a missing column is refused with 422 naming each on line 1', () => {
    const error = thrown(() => readCsv('channel,channel,category,grid_code,urgency,beneficiary_count,notes\nx'));
    expect(error.status).toBe(422);
    expect(error.fields.map((f) => f.field)).toEqual(['rows.1.channel', 'rows.1.notes', 'rows.1.description']);
  });

  test('more than 10,000 rows is refused with 413 before anything is stored', () => {
    const text = `${HEADER}\n${`${GOOD}\n`.repeat(10_001)}`;
    expect(thrown(() => readCsv(text)).status).toBe(413);
  });

  test('a broken quote is a 422 naming the line, without quoting the cell (it may be a phone number)', () => {
    const error = thrown(() => readCsv(`${HEADER}\nwindow,hardship_aid,"13812345678`));
    expect(error.status).toBe(422);
    expect(error.fields[0]?.field).toBe('rows.2');
    expect(JSON.stringify(error.fields)).not.toContain('13812345678');
  });

  test('a file declared or decoded as anything but UTF-8 is refused with 400 saying to save as CSV UTF-8', () => {
    expect(thrown(() => assertUtf8('a,b', 'text/csv; charset=gb18030')).status).toBe(400);
    expect(thrown(() => assertUtf8('\uFFFD\uFFFD,b', 'text/csv')).message).toContain('CSV UTF-8');
    expect(() => assertUtf8('中文,b', 'text/csv; charset=utf-8')).not.toThrow();
  });
});

describe('mapping a row to a need', () => {
  test('a good row becomes a LogNeedRequest: lists split on ; or ；, consent read case-insensitively', () => {
    const result = rowToRequest(COLUMNS, row(2, GOOD), HARDSHIP);
    expect(result).toEqual({
      ok: true,
      input: {
        channel: 'window',
        category: 'hardship_aid',
        attributes: { aid_type: ['living', 'medical'], household_size: '3' },
        gridCode: 'XZ-GL-HL-01-G01',
        urgency: 'high',
        beneficiaryCount: 3,
        beneficiaryGroups: ['low_income', 'elderly'],
        description: '困难家庭',
        contact: { name: '王芳', phone: '13812345678', consent: true },
        residentIdNumber: '11010519491231002X',
      },
    });
  });

  test('problems are named rows.<line>.<column> with the CSV column names', () => {
    const bad = 'fax,hardship_aid,XZ-GL-HL-01-G01,high,two,,困难家庭,王芳,12345,false,,living,3';
    const result = rowToRequest(COLUMNS, row(7, bad), HARDSHIP);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field).sort()).toEqual(
      ['rows.7.beneficiary_count', 'rows.7.channel', 'rows.7.consent', 'rows.7.contact_phone'].sort(),
    );
  });

  test('an ID number Excel turned into 1.1E+17 gets a hint on fixing the column, and the reason never holds the number', () => {
    const cells = GOOD.replace('11010519491231002X', '1.10105E+17');
    const result = rowToRequest(COLUMNS, row(3, cells), HARDSHIP);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({ field: 'rows.3.resident_id_number', reason: expect.stringContaining('Text') }),
    ]);
  });

  test('a row with fewer cells than the header is one problem for the whole row', () => {
    const result = rowToRequest(COLUMNS, row(4, 'window,hardship_aid'), HARDSHIP);
    expect(result).toEqual({ ok: false, problems: [{ field: 'rows.4', reason: 'has 2 cells; the header has 13' }] });
  });

  test('dates as Excel saves them (2026/3/10) become ISO dates for datetime fields', () => {
    const columns = [
      'channel',
      'category',
      'grid_code',
      'urgency',
      'beneficiary_count',
      'description',
      'attr.available_from',
    ];
    const result = rowToRequest(columns, row(2, 'phone,employment,XZ-GL-HL-01-G01,low,1,找工作,2026/3/10'), AVAILABLE);
    expect(result.ok && result.input.attributes).toEqual({ available_from: '2026-03-10' });
    expect(excelDateToIso('2026/3/10 9:05')).toBe('2026-03-10T09:05:00');
    expect(excelDateToIso('next week')).toBe('next week');
  });

  test('request fields map back to their columns', () => {
    expect(columnOf('gridCode')).toBe('grid_code');
    expect(columnOf('contact.consent')).toBe('consent');
    expect(columnOf('beneficiaryGroups.1')).toBe('beneficiary_groups');
    expect(columnOf('attributes.aid_type')).toBe('attr.aid_type');
    expect(columnOf('description')).toBe('description');
  });
});
