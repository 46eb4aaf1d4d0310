import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, { type Express } from 'express';

const ROOT = path.resolve(__dirname, '..', '..');
const CLIENT = path.join(ROOT, 'scripts', 'bench-load.mjs');

export interface LoadPlan {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Closed loop: requests in flight at all times. */
  concurrency?: number;
  /** Open loop: requests per second on a fixed schedule. */
  rate?: number;
  warmupMs: number;
  durationMs: number;
  /** First number of the resident ID numbers put in place of `__RID__`. */
  ridFrom?: number;
  /** Closed loop: stop after sending this many requests (or at the end of durationMs). */
  maxRequests?: number;
  /** How long answers to requests sent while measuring are waited for after the window (default 30 s). */
  drainMs?: number;
}

export interface LoadResult {
  /** Requests sent, warm-up included. */
  total: number;
  /** Requests sent while measuring. */
  sent: number;
  /** Requests sent while measuring that were answered (whenever). */
  completed: number;
  /** Requests sent while measuring and still unanswered after drainMs (their age counts as latency). */
  unfinished: number;
  errors: number;
  statuses: Record<string, number>;
  durationMs: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

/**
 * Runs the load generator (scripts/bench-load.mjs) in its own process, so the server under test,
 * in this process, keeps its event loop; resolves with what the generator measured.
 */
export function load(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLIENT, JSON.stringify(plan)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as LoadResult);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Listens on an ephemeral port of the loopback interface. */
export function listen(app: Express): Promise<Listening> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.keepAliveTimeout = 30_000;
  });
}

/** The baseline of the write paths: a bare express app that parses a JSON body and echoes it. */
export function echoApp(): Express {
  const app = express();
  app.use(express.json({ limit: '256kb' }));
  app.post('/echo', (req, res) => {
    res.status(201).json(req.body);
  });
  return app;
}
