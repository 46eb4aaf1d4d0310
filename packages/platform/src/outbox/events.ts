import type { EventDefinition, EventEnvelope } from '@sanshe/contracts';
import type { z } from 'zod';
import { newId } from '../ids';

/** What caused a change: the request's correlation id, or the event being handled. */
export interface Cause {
  correlationId: string;
  causationId: string | null;
}

export function causeFromEvent(event: EventEnvelope): Cause {
  return { correlationId: event.correlationId, causationId: event.id };
}

/** Builds a validated envelope; an event that does not match its own schema is a bug, so it throws. */
export function createEvent<TType extends string, TData extends z.ZodType>(
  definition: EventDefinition<TType, TData>,
  params: { source: string; subject: string; data: z.input<TData>; cause: Cause; now: Date },
): EventEnvelope {
  const data = definition.data.parse(params.data);
  return {
    specversion: '1.0',
    id: newId(),
    type: definition.type,
    source: params.source,
    subject: params.subject,
    time: params.now.toISOString(),
    datacontenttype: 'application/json',
    correlationId: params.cause.correlationId,
    causationId: params.cause.causationId,
    schemaVersion: definition.schemaVersion,
    data,
  };
}
