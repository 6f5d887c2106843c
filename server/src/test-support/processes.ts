import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sleep } from './wait.js';

/** The built server and delivery worker (npm run build), started as an installation starts them. */
export const SERVER_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
export const WORKER_MAIN = fileURLToPath(new URL('../../dist/delivery/worker-main.js', import.meta.url));


/** A port nothing listens on right now (the kernel's choice). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Runs a built entry point as its own process with exactly `env` (plus PATH): nothing of the test
 * process's environment leaks in. Its error output goes to the test's, its log is dropped.
 */
export function startNodeProcess(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Waits until a server process answers /ready, failing at once if it exits first. */
export async function untilReady(child: ChildProcess, baseUrl: string, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${baseUrl} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    const ready = await fetch(`${baseUrl}/ready`).then((response) => response.ok, () => false);
    if (ready) return;
    await sleep(200);
  }
  throw new Error(`${baseUrl} was not ready within ${timeoutMs} ms`);
}

/** Stops a process with SIGTERM (its own shutdown), SIGKILL when it has not ended in time. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface RoundRobinProxy {
  url: string;
  /** Requests forwarded to each target */
  served: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A load balancer in a few lines: each request goes to the next of `targets` in turn, with the
 * client's address in X-Forwarded-For and the Host header as the client sent it.
 */
export async function startRoundRobinProxy(targets: readonly string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const served = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const target = targets[next++ % targets.length]!;
    served.set(target, (served.get(target) ?? 0) + 1);
    const { hostname, port } = new URL(target);
    const forwarded = request(
      { hostname, port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.headersSent || res.writeHead(502).end());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, served, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
