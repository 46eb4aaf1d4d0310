import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FaultRecord } from './chaos-faults';
import type { StuckService } from './chaos-services';
import type { Check } from './chaos-invariants';

/** The figures of one chaos run, kept in reports/chaos-<needs>-<time>.json and summed up on stdout. */
export interface ChaosReport {
  startedAt: string;
  needs: {
    sent: number;
    acknowledged: number;
    retries: number;
    replayedRetries: number;
    linkedRetries: number;
    commands: number;
    commandsFoundDone: number;
  };
  faults: { total: number; byKind: Record<string, number>; records: FaultRecord[]; stuck: StuckService[] };
  kafka: { messages: number; duplicateDeliveries: number };
  processedEvents: Record<string, number>;
  deepFlow: Record<string, unknown> | null;
  poison: Record<string, unknown> | null;
  checks: Check[];
  durationsMs: Record<string, number>;
  /** How often the services logged what the faults made them do (waiting, retrying, giving up). */
  logSignals: Record<string, number>;
}

const SIGNALS = [
  'infrastructure unreachable; the event waits',
  'event handler failed',
  'event dead-lettered',
  'outbox publish failed; will retry',
  'outbox relay pass failed',
  'job failed; will retry',
];

/** Counts the lines of each signal in the services' logs (one file per service in `dir`). */
export function countLogSignals(dir: string): Record<string, number> {
  const counts = Object.fromEntries(SIGNALS.map((s) => [s, 0]));
  if (!existsSync(dir)) return counts;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.log')))
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n'))
      for (const signal of SIGNALS) if (line.includes(`"msg":"${signal}`)) counts[signal] = (counts[signal] ?? 0) + 1;
  return counts;
}

export function emptyReport(): ChaosReport {
  return {
    startedAt: new Date().toISOString(),
    needs: {
      sent: 0,
      acknowledged: 0,
      retries: 0,
      replayedRetries: 0,
      linkedRetries: 0,
      commands: 0,
      commandsFoundDone: 0,
    },
    faults: { total: 0, byKind: {}, records: [], stuck: [] },
    kafka: { messages: 0, duplicateDeliveries: 0 },
    processedEvents: {},
    deepFlow: null,
    poison: null,
    checks: [],
    durationsMs: {},
    logSignals: {},
  };
}

export function writeReport(report: ChaosReport): string {
  const dir = path.join(__dirname, '../../reports');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `chaos-${report.needs.sent}-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  const held = report.checks.filter((c) => c.held).length;
  const lines = [
    '',
    `chaos run: ${report.needs.sent} needs sent, ${report.needs.acknowledged} acknowledged, ${report.needs.retries} requests re-sent (${report.needs.replayedRetries} log retries answered from their Idempotency-Key, ${report.needs.linkedRetries} linked as duplicates)`,
    `  faults: ${report.faults.total} (${Object.entries(report.faults.byKind)
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ')})`,
    `  services that did not recover by themselves (restarted): ${report.faults.stuck.length}${report.faults.stuck
      .map((x) => ` [${x.service} at ${x.at}: ${x.ready.slice(0, 300)}; its log is kept]`)
      .join('')}`,
    `  kafka: ${report.kafka.messages} messages, ${report.kafka.duplicateDeliveries} duplicate deliveries of an event id`,
    `  services logged: ${Object.entries(report.logSignals)
      .map(([k, n]) => `"${k}" ×${n}`)
      .join(', ')}`,
    `  invariants: ${held}/${report.checks.length} held`,
    ...report.checks.map(
      (c) =>
        `    ${c.held ? 'held  ' : 'BROKEN'} ${c.name} (${c.checked} checked)${c.held ? '' : `: ${c.problems.join('; ')}`}`,
    ),
    `  durations (s): ${Object.entries(report.durationsMs)
      .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(0)}`)
      .join(', ')}`,
    `  report: ${path.relative(path.join(__dirname, '../..'), file)}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return file;
}
