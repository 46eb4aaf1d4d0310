import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { createEmbeddedStore } from '../store/embedded';
import { createHttpApp } from './app';
import { createLocalIssuer } from './auth';
import { ApiRouter } from './routes';

/** An audit log that cannot write (its store went away between the command's write and the append). */
const brokenAudit: AuditLog = {
  append: () => Promise.reject(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' })),
  appendMany: () => Promise.reject(new Error('unreachable')),
  verify: () => Promise.reject(new Error('unreachable')),
  collection: createEmbeddedStore().collection('audit_log'),
};

describe('a command whose audit append fails', () => {
  test('is answered with its result (it took effect) and logged; a personal-data read is refused 503', async () => {
    const store = createEmbeddedStore();
    const notes = store.collection<{ _id: string; text: string }>('notes');
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const api = new ApiRouter('test', '/api/test');
    api.route({
      method: 'post',
      path: '/notes',
      summary: 'Write a note',
      roles: ['community_staff'],
      body: z.object({ text: z.string() }),
      response: z.object({ id: z.string() }),
      status: 201,
      handler: async ({ body }) => {
        await notes.insertOne({ _id: 'n1', text: body.text });
        return { id: 'n1' };
      },
    });
    api.route({
      method: 'get',
      path: '/notes/:id',
      summary: 'Read a note (personal data)',
      roles: ['community_staff'],
      params: z.object({ id: z.string() }),
      response: z.object({ text: z.string() }),
      readsPersonalData: true,
      handler: async ({ params }) => ({ text: (await notes.findOne({ _id: params.id }))?.text ?? '' }),
    });
    api.useAudit(brokenAudit);
    const issuer = await createLocalIssuer();
    const app = createHttpApp({ logger: pino(sink), apis: [{ api }], verifier: issuer.verifier, readiness: {} });
    const token = await issuer.sign({ sub: 'staff-1', roles: ['community_staff'], communities: [] });

    const written = await request(app)
      .post('/api/test/notes')
      .set('authorization', `Bearer ${token}`)
      .set('x-request-id', 'req-audit-1')
      .send({ text: '王阿姨 13912345678' });
    expect(written.status).toBe(201);
    expect(written.body).toEqual({ id: 'n1' });
    expect(await notes.countDocuments({})).toBe(1);
    const logged = lines.find((l) => l.level === 50 && String(l.msg).includes('audit'));
    expect(logged).toMatchObject({ requestId: 'req-audit-1', route: 'POST /api/test/notes', outcome: 201 });
    // The note's text (personal data) is in no log line.
    expect(JSON.stringify(lines)).not.toContain('13912345678');

    const read = await request(app).get('/api/test/notes/n1').set('authorization', `Bearer ${token}`);
    expect(read.status).toBe(503);
    expect(read.body.code).toBe('AUDIT.UNAVAILABLE');
    expect(read.body.text).toBeUndefined();
  });
});
