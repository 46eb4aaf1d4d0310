import { z } from 'zod';
import type { ServiceFactory } from './host';
import { ApiRouter } from './http/routes';

/** The topic the note service consumes. */
export const NOTE_TOPIC = 'intake.need.logged';

/**
 * A service with one command (writes the store) and one consumer: enough to watch a host start
 * and judge its health, in the host's embedded and real-infrastructure specs.
 */
export const noteService: ServiceFactory = {
  name: 'fulfilment',
  build(deps) {
    const notes = deps.store.collection<{ _id: string; text: string }>('notes');
    const api = new ApiRouter('notes', '/api/notes');
    api.route({
      method: 'post',
      path: '/',
      summary: 'Write a note',
      roles: ['community_staff'],
      body: z.object({ id: z.string(), text: z.string() }),
      response: z.object({ id: z.string() }),
      status: 201,
      handler: async ({ body }) => {
        await notes.insertOne({ _id: body.id, text: body.text });
        return { id: body.id };
      },
    });
    return {
      name: 'fulfilment',
      api,
      outboxCollections: [],
      handlers: { [NOTE_TOPIC]: async () => undefined },
      setup: async () => undefined,
    };
  },
};
