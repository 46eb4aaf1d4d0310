import request from 'supertest';
import { residentIdCheckCharacter } from '@sanshe/contracts';
import { ManualClock } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '../../../../../apps/embedded/src/start';
import { IMPORT_NEEDS_JOB } from '../../app/import-needs';

const HEADER =
  'channel,category,grid_code,urgency,beneficiary_count,beneficiary_groups,description,contact_name,contact_phone,consent,resident_id_number,attr.care_type,attr.support_needed';
const GRID = 'XZ-GL-HL-01-G01';
const PHONE = '13712345678';

/** A valid resident ID number per n (born 1949-12-31 in Beijing, sequence n). */
const idNumber = (n: number) => {
  const first17 = `11010519491231${String(n % 1000).padStart(3, '0')}`;
  return `${first17}${residentIdCheckCharacter(first17)}`;
};
const elderly = (n: number, grid = GRID) =>
  `grid_visit,elderly_care,${grid},normal,1,elderly;living_alone,独居老人${n}需要探访,李${n},${PHONE},true,${idNumber(n)},home_visit,`;
const rehab = (n: number) =>
  `window,rehabilitation,${GRID},high,2,disabled；entitled_group,康复${n},,,,,,nursing；physiotherapy`;
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\r\n')}\r\n`;

describe('CSV import of needs (embedded)', () => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  let system: EmbeddedSystem;
  const t: Record<string, string> = {};
  const http = () => request(system.host.app);
  const as = (who: string) => ({ Authorization: `Bearer ${t[who]}` });
  const needCount = () => system.host.stores['needs-intake']!.collection('needs').countDocuments({});

  beforeAll(async () => {
    system = await startEmbedded({ clock });
    t.staff = await system.issuer.sign({ sub: 'staff-hl', roles: ['community_staff'], communities: ['XZ-GL-HL-01'] });
    t.colleague = await system.issuer.sign({
      sub: 'staff-hl-2',
      roles: ['community_staff'],
      communities: ['XZ-GL-HL-01'],
    });
    t.admin = await system.issuer.sign({ sub: 'admin', roles: ['admin'] });
  });
  afterAll(() => system.host.close());

  async function upload(text: string | Buffer, who = 'staff', type = 'text/csv') {
    return http().post('/api/intake/imports').set(as(who)).set('Content-Type', type).send(text);
  }

  async function importAndWait(text: string) {
    const accepted = await upload(text);
    expect(accepted.status).toBe(202);
    await system.host.settle();
    return http().get(`/api/intake/imports/${accepted.body.importId}`).set(as('staff'));
  }

  test('a good file with an Excel BOM is accepted with 202 and a Location, then every row becomes a need with its case number', async () => {
    const before = await needCount();
    const accepted = await upload(`\uFEFF${csv(elderly(1), rehab(2), '', elderly(3))}`);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ importId: expect.any(String), status: 'validating' });
    expect(accepted.headers.location).toBe(`/api/intake/imports/${accepted.body.importId}`);

    await system.host.settle();
    const progress = await http().get(accepted.headers.location!).set(as('staff'));
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({
      status: 'done',
      totalRows: 3,
      validatedRows: 3,
      processedRows: 3,
      createdNeeds: 3,
      duplicates: 0,
      errors: [],
    });
    // Line 4 is blank: rows keep the numbers Excel shows.
    expect(progress.body.results.map((r: { row: number }) => r.row)).toEqual([2, 3, 5]);
    expect(await needCount()).toBe(before + 3);

    const rehabNeed = await http().get(`/api/intake/cases/${progress.body.results[1].caseNumber}`).set(as('staff'));
    expect(rehabNeed.body).toMatchObject({
      channel: 'window',
      attributes: { support_needed: ['nursing', 'physiotherapy'] },
      beneficiaryGroups: ['disabled', 'entitled_group'],
      ownerId: 'staff-hl',
    });
    expect(JSON.stringify(progress.body)).not.toContain(PHONE);
  });

  test('a file with one bad row writes nothing and names each bad line and column', async () => {
    const before = await needCount();
    const bad = 'grid_visit,elderly_care,XZ-GL-HL-01-G99,whenever,1,,独居老人,,,,,spa,';
    const progress = await importAndWait(csv(elderly(10), elderly(11), bad, elderly(12, 'XZ-YL-PL-01-G01')));
    expect(progress.body).toMatchObject({ status: 'failed', createdNeeds: 0, processedRows: 0, results: [] });
    expect(progress.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'rows.4.urgency',
      'rows.5.grid_code',
    ]);
    expect(await needCount()).toBe(before);
  });

  test('category, grid and field rules are checked per row before anything is written', async () => {
    const before = await needCount();
    const rows = [
      'window,elderly_care,XZ-GL-HL-01-G99,low,1,,x,,,,,home_visit,',
      'window,elderly_care,XZ-GL-HL-01-G01,low,1,,x,,,,,spa,',
      'window,no_such_category,XZ-GL-HL-01-G01,low,1,,x,,,,,,',
      'window,elderly_care,XZ-GL-HL-01-G01,low,1,,x,王,13712345678,false,,home_visit,',
    ];
    const progress = await importAndWait(csv(elderly(20), ...rows));
    expect(progress.body.status).toBe('failed');
    expect(progress.body.errors).toEqual([
      { field: 'rows.3.grid_code', reason: 'not an active grid' },
      { field: 'rows.4.attr.care_type', reason: expect.stringContaining('must be one of') },
      { field: 'rows.5.category', reason: 'not an active category' },
      { field: 'rows.6.consent', reason: expect.stringContaining('consent') },
    ]);
    expect(await needCount()).toBe(before);
  });

  test('the same resident twice in a file is one need and one linked duplicate, not an error', async () => {
    const progress = await importAndWait(csv(elderly(30), elderly(30)));
    expect(progress.body).toMatchObject({ status: 'done', createdNeeds: 1, duplicates: 1, errors: [] });
    expect(progress.body.results[1]).toMatchObject({
      row: 3,
      duplicate: true,
      caseNumber: progress.body.results[0].caseNumber,
    });
  });

  test('a file of 250 rows is validated and imported in checkpoints and reaches done', async () => {
    const before = await needCount();
    const rows = Array.from({ length: 250 }, (_, i) => rehab(i));
    const progress = await importAndWait(csv(...rows));
    expect(progress.body).toMatchObject({
      status: 'done',
      totalRows: 250,
      validatedRows: 250,
      processedRows: 250,
      createdNeeds: 250,
    });
    expect(new Set(progress.body.results.map((r: { caseNumber: string }) => r.caseNumber)).size).toBe(250);
    expect(await needCount()).toBe(before + 250);
  });

  test('when the job runs again after an interruption, rows already logged are not logged twice', async () => {
    const first = await importAndWait(csv(rehab(1), rehab(2), rehab(3)));
    const importId = first.body.importId as string;
    const before = await needCount();
    // As if the worker died after logging the rows but before committing the checkpoint.
    const store = system.host.stores['needs-intake']!;
    await store.collection('imports').updateOne(
      { _id: importId },
      {
        $set: { status: 'importing', doneRows: 0, processedRows: 0, createdNeeds: 0, results: [], finishedAt: null },
      },
    );
    await store
      .collection<{ _id: string; csv: string }>('import_files')
      .insertOne({ _id: importId, csv: csv(rehab(1), rehab(2), rehab(3)) });
    const intake = system.host.services.find((s) => s.definition.name === 'needs-intake')!;
    await intake.deps.jobs.schedule({
      name: IMPORT_NEEDS_JOB,
      payload: { importId },
      runAt: clock.now(),
      jobId: `again:${importId}`,
    });
    await system.host.settle();

    const again = await http().get(`/api/intake/imports/${importId}`).set(as('staff'));
    expect(again.body).toMatchObject({ status: 'done', createdNeeds: 3, processedRows: 3 });
    expect(again.body.results).toEqual(first.body.results);
    expect(await needCount()).toBe(before);
  });

  test('the uploaded file is deleted once the import ends (it holds names, phones and ID numbers)', async () => {
    const progress = await importAndWait(csv(elderly(40)));
    expect(
      await system.host.stores['needs-intake']!.collection('import_files').findOne({ _id: progress.body.importId }),
    ).toBeNull();
  });

  test('only the uploader or an admin reads an import; to anyone else it does not exist', async () => {
    const accepted = await upload(csv(rehab(50)));
    await system.host.settle();
    const path = `/api/intake/imports/${accepted.body.importId}`;
    expect((await http().get(path).set(as('colleague'))).status).toBe(404);
    expect((await http().get(path).set(as('admin'))).status).toBe(200);
    expect((await http().get(path)).status).toBe(401);
  });

  describe('files refused at once, before anything is stored', () => {
    const importCount = () => system.host.stores['needs-intake']!.collection('imports').countDocuments({});

    test.each([
      {
        name: 'more than 10,000 rows',
        body: () => csv(...Array.from({ length: 10_001 }, (_, i) => rehab(i))),
        status: 413,
        code: 'INTAKE.IMPORT_TOO_LARGE',
      },
      {
        name: 'more than 5 MB',
        body: () => csv(`window,x,y,low,1,,${'x'.repeat(5_300_000)},,,,,,`),
        status: 413,
        code: 'HTTP.BODY_TOO_LARGE',
      },
      {
        name: 'an unknown column',
        body: () => `${HEADER},notes\r\n${rehab(1)},x\r\n`,
        status: 422,
        code: 'INTAKE.CSV_HEADER',
      },
      { name: 'no rows under the header', body: () => `${HEADER}\r\n`, status: 422, code: 'INTAKE.CSV_EMPTY' },
      {
        name: 'an unclosed quote',
        body: () => csv(`window,"rehabilitation,${GRID}`),
        status: 422,
        code: 'INTAKE.CSV_MALFORMED',
      },
    ])('a file with $name is a $status problem ($code)', async ({ body, status, code }) => {
      const before = await importCount();
      const res = await upload(body());
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe(code);
      expect(await importCount()).toBe(before);
    });

    test('a file saved as GB18030 (Excel\'s plain "CSV" on Chinese Windows) is a 400 saying to save as CSV UTF-8', async () => {
      // "中文" in GB18030, after an ASCII header.
      const gb = Buffer.concat([
        Buffer.from(`${HEADER}\r\nwindow,rehabilitation,${GRID},high,1,,`),
        Buffer.from([0xd6, 0xd0, 0xce, 0xc4]),
        Buffer.from(',,,,,,nursing\r\n'),
      ]);
      const res = await upload(gb);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INTAKE.CSV_NOT_UTF8', detail: expect.stringContaining('CSV UTF-8') });
      expect((await upload(csv(rehab(1)), 'staff', 'text/csv; charset=gbk')).status).toBe(400);
    });

    test('JSON sent to the import is a 415 problem; an uploader without the role is 403', async () => {
      const json = await http().post('/api/intake/imports').set(as('staff')).send({ rows: [] });
      expect(json.status).toBe(415);
      const official = await system.issuer.sign({ sub: 'o', roles: ['official'] });
      const res = await http()
        .post('/api/intake/imports')
        .set('Authorization', `Bearer ${official}`)
        .set('Content-Type', 'text/csv')
        .send(csv(rehab(1)));
      expect(res.status).toBe(403);
    });
  });
});
