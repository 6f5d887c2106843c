import { execFile, spawnSync } from 'node:child_process';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PostgreSQL cluster of a test's own, which it may stop and start (initdb and pg_ctl on PATH). */
export interface ThrowawayCluster {
  /** The `postgres` database, superuser `postgres`, trust authentication */
  url: string;
  /** pg_ctl stop -m fast: open connections are ended, new ones refused */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it (immediately) and removes its folder */
  destroy(): Promise<void>;
  /** The server's log, for a failing test's message */
  log(): Promise<string>;
}

/**
 * Why a throwaway cluster cannot be made here, or undefined when it can: initdb must be on PATH,
 * and under root (which initdb refuses) a `postgres` user must exist to run it as.
 */
export function throwawayClusterUnavailable(): string | undefined {
  if (spawnSync('initdb', ['--version']).error) return 'initdb is not on PATH (install the PostgreSQL server binaries)';
  if (process.getuid?.() === 0 && !postgresUser()) return 'running as root and there is no "postgres" user to run initdb as';
  return undefined;
}

/** uid and gid of the `postgres` user, for running the cluster under root. */
function postgresUser(): { uid: number; gid: number } | undefined {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const [uid, gid] = [id('-u'), id('-g')];
  return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** initdb in a temporary folder and pg_ctl start on a free port, its socket in the same folder. */
export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const folder = await mkdtemp(path.join(tmpdir(), 'etjanst-pg-'));
  const user = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (user) await chown(folder, user.uid, user.gid);
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  const data = path.join(folder, 'data');
  const logFile = path.join(folder, 'server.log');
  const port = await freePort();
  await run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], as);
  const pgCtl = (...args: string[]) => run('pg_ctl', ['-D', data, '-w', '-t', '60', ...args], as);
  const start = async () => {
    await pgCtl('-l', logFile, '-o', `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start');
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop: async () => {
      await pgCtl('-m', 'fast', 'stop');
    },
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    destroy: async () => {
      await pgCtl('-m', 'immediate', 'stop').catch(() => undefined); // already stopped
      await rm(folder, { recursive: true, force: true });
    },
  };
}
