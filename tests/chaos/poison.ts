import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_DELIVERY } from '@sanshe/platform';
import { quietKafka, readDeadLetters } from '../../packages/platform/src/bus/dlq-replay';
import { eventually } from '../support/chaos-client';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '../..');
const CLI = path.join(ROOT, 'packages/platform/dist/bus/dlq-replay-cli.js');
const SOURCES = ['dlq-replay-cli.ts', 'dlq-replay.ts'].map((f) => path.join(ROOT, 'packages/platform/src/bus', f));

/** The documented command is `npm run dlq:replay`, which runs the built CLI: build it when missing or older than its sources. */
export function ensureReplayCommandBuilt(): void {
  const built = existsSync(CLI) ? statSync(CLI).mtimeMs : 0;
  if (SOURCES.every((s) => statSync(s).mtimeMs <= built)) return;
  const build = spawnSync('npx', ['tsc', '-b', 'packages/platform'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building packages/platform failed');
}

/** Runs `npm run dlq:replay -- <args>` against the chaos instance; the exit code and output. */
export async function dlqReplay(
  brokers: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'dlq:replay', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, KAFKA_BROKERS: brokers },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/**
 * A poison event: a valid envelope on `intake.need.status-changed` (which project-design
 * consumes) whose data its schema refuses (a status that does not exist), about a need nobody
 * logged. Published straight to Kafka, as a broken producer would.
 */
export async function publishPoison(
  brokers: string,
): Promise<{ eventId: string; needId: string; data: Record<string, string> }> {
  const eventId = randomUUID();
  const needId = randomUUID();
  const now = new Date().toISOString();
  const data = { needId, caseNumber: 'NEED-20260101-C4A0S1', from: 'logged', to: 'teleported', changedAt: now };
  const envelope = {
    specversion: '1.0',
    id: eventId,
    type: 'intake.need.status-changed',
    source: 'chaos-test',
    subject: needId,
    time: now,
    datacontenttype: 'application/json',
    correlationId: 'chaos-poison',
    causationId: null,
    schemaVersion: 1,
    data,
  };
  const producer = quietKafka(brokers.split(','), 'sanshe-chaos-poison').producer();
  await producer.connect();
  try {
    await producer.send({
      topic: envelope.type,
      acks: -1,
      messages: [{ key: needId, value: JSON.stringify(envelope) }],
    });
  } finally {
    await producer.disconnect();
  }
  return { eventId, needId, data };
}

/** Waits for the poison's dead letter in dlq.<service>; returns it with the handler attempts the service logged. */
export async function awaitDeadLetter(brokers: string, service: string, eventId: string, logFile: string) {
  const kafka = quietKafka(brokers.split(','), 'sanshe-chaos-dlq');
  const letter = await eventually(async () => {
    const letters = await readDeadLetters(kafka, service);
    return (
      letters.find((l) => l.letter && 'id' in l.letter.event && l.letter.event.id === eventId)?.letter ?? undefined
    );
  }, `the poison event in dlq.${service}`);
  // Each failed attempt is a warn line of the service's log naming the event id.
  const attemptsLogged = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes(eventId) && line.includes('event handler failed')).length;
  return { letter, attemptsLogged, bound: DEFAULT_DELIVERY.attempts };
}

export function writeCorrection(dir: string, data: Record<string, string>): string {
  const file = path.join(dir, 'poison-corrected.json');
  writeFileSync(file, JSON.stringify({ ...data, to: 'withdrawn' }));
  return file;
}
