import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { eventually } from './eventually.ts';
import { unusedPort } from './server.ts';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Starts it (again) on its port, and resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGKILL: gone at once, its counts with it (it keeps nothing on disk). */
  kill(): Promise<void>;
  /** SIGSTOP: connections stay open but nothing is answered, as a hung server. */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
  /** Ends it, if running. */
  dispose(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * A redis-server of the test's own on a free port, without persistence, controlled by its pid: for tests that stop,
 * hang or restart Redis, which must never touch the machine's shared one.
 */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  const own = port ?? (await unusedPort());
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    url: `redis://127.0.0.1:${own}`,
    port: own,
    async start() {
      child = spawn('redis-server', ['--port', String(own), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await eventually(() => accepts(own));
    },
    async kill() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async dispose() {
      child?.kill('SIGCONT');
      await server.kill();
    },
  };
  await server.start();
  return server;
}
