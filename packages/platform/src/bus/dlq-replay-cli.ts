#!/usr/bin/env node
/**
 * Lists and replays a service's dead letters (`dlq.<service>`) on Kafka.
 *
 *   npm run dlq:replay -- <service> --list                       what is there (no event data shown)
 *   npm run dlq:replay -- <service> --id <eventId> [--id ...]    re-publish those events to their topics
 *   npm run dlq:replay -- <service> --all                        every replayable letter
 *   npm run dlq:replay -- <service> --id <eventId> --data fixed.json   the event with corrected data
 *   ... --dry-run                                                check and print, publish nothing
 *
 * KAFKA_BROKERS (default 127.0.0.1:9092) says where. Prints one JSON line per letter or event;
 * exits 1 when a replay is refused (unknown id, data its schema refuses), 2 on bad arguments.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadConfig } from '../config';
import {
  describeDeadLetter,
  quietKafka,
  readDeadLetters,
  replayDeadLetters,
  ReplayRefused,
  ServiceName,
} from './dlq-replay';

const Config = z.object({
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, 'host:port')).min(1)),
});

export const ReplayArgs = z
  .object({
    service: ServiceName,
    list: z.boolean(),
    all: z.boolean(),
    ids: z.array(z.uuid('an event id is a UUID')),
    dataFile: z.string().min(1).optional(),
    dryRun: z.boolean(),
  })
  .refine((a) => a.list || a.all || a.ids.length > 0, {
    message: 'say what to do: --list, --id <eventId> (repeatable) or --all',
  })
  .refine((a) => !(a.all && a.ids.length > 0), { message: '--all and --id exclude each other' })
  .refine((a) => !a.list || (!a.all && a.ids.length === 0 && !a.dataFile), { message: '--list takes no other option' })
  .refine((a) => !a.dataFile || a.ids.length === 1, { path: ['dataFile'], message: '--data needs exactly one --id' });
export type ReplayArgs = z.infer<typeof ReplayArgs>;

export type ParsedArgs = { ok: true; args: ReplayArgs } | { ok: false; problems: string[] };

/** Turns argv (after the script name) into checked arguments, or the problems, each naming its option. */
export function parseReplayArgs(argv: readonly string[]): ParsedArgs {
  const raw = { list: false, all: false, ids: [] as string[], dryRun: false } as Record<string, unknown> & {
    ids: string[];
  };
  const positional: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const takesValue = arg === '--id' || arg === '--data';
    if (takesValue && (next === undefined || next.startsWith('--'))) {
      problems.push(`${arg}: needs a value`);
      continue;
    }
    if (arg === '--list') raw.list = true;
    else if (arg === '--all') raw.all = true;
    else if (arg === '--dry-run') raw.dryRun = true;
    else if (arg === '--id') raw.ids.push(argv[++i]!);
    else if (arg === '--data') raw.dataFile = argv[++i];
    else if (arg.startsWith('--')) problems.push(`${arg}: unknown option`);
    else positional.push(arg);
  }
  if (positional.length !== 1) problems.push(`service: name exactly one (got ${positional.length})`);
  else raw.service = positional[0];
  if (problems.length > 0) return { ok: false, problems };
  const parsed = ReplayArgs.safeParse(raw);
  if (parsed.success) return { ok: true, args: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`) };
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseReplayArgs(argv);
  if (!parsed.ok) {
    for (const problem of parsed.problems) console.error(problem);
    console.error(
      'usage: npm run dlq:replay -- <service> (--list | --all | --id <eventId>... [--data file.json]) [--dry-run]',
    );
    return 2;
  }
  const { args } = parsed;
  const config = loadConfig(Config);
  const kafka = quietKafka(config.KAFKA_BROKERS);
  if (args.list) {
    for (const letter of await readDeadLetters(kafka, args.service))
      process.stdout.write(`${JSON.stringify(describeDeadLetter(letter))}\n`);
    return 0;
  }
  const data: unknown = args.dataFile ? JSON.parse(readFileSync(args.dataFile, 'utf8')) : undefined;
  try {
    const outcomes = await replayDeadLetters(kafka, {
      service: args.service,
      eventIds: args.ids,
      ...(data === undefined ? {} : { data }),
      dryRun: args.dryRun,
    });
    for (const outcome of outcomes) process.stdout.write(`${JSON.stringify(outcome)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ReplayRefused)) throw error;
    console.error(`refused: ${error.message}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(String(error));
      process.exit(2);
    },
  );
}
