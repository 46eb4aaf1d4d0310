import { z } from 'zod';

/**
 * The envelope every integration event travels in: the CloudEvents 1.0 context
 * attributes, plus correlation and causation ids and the data schema version.
 */
export const EventEnvelope = z.object({
  specversion: z.literal('1.0'),
  id: z.uuid(),
  type: z.string().min(1),
  source: z.string().min(1),
  subject: z.string().min(1).describe('Aggregate id; also the Kafka message key, so one aggregate stays ordered'),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json').default('application/json'),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  schemaVersion: z.number().int().positive(),
  data: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

export interface EventDefinition<TType extends string, TData extends z.ZodType> {
  readonly type: TType;
  readonly schemaVersion: number;
  readonly data: TData;
  /** The full envelope with typed data; consumers parse with it and tolerate unknown fields. */
  readonly envelope: z.ZodType<Omit<EventEnvelope, 'data'> & { data: z.infer<TData> }>;
}

export function defineEvent<TType extends string, TData extends z.ZodType>(
  type: TType,
  schemaVersion: number,
  data: TData,
): EventDefinition<TType, TData> {
  const envelope = EventEnvelope.extend({ type: z.literal(type), data }) as unknown as z.ZodType<
    Omit<EventEnvelope, 'data'> & { data: z.infer<TData> }
  >;
  return { type, schemaVersion, data, envelope };
}

export type EventData<D> = D extends EventDefinition<string, infer T> ? z.infer<T> : never;
export type TypedEnvelope<D> = Omit<EventEnvelope, 'data'> & { data: EventData<D> };
