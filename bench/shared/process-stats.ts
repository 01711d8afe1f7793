import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The kernel's clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU time a process has used so far, all its threads together (utime + stime of /proc/<pid>/stat), in µs; 0 for a
 * process that is gone. Its precision is one clock tick (10 ms at 100 ticks per second).
 */
export function cpuMicroseconds(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime and stime, fields 14 and 15 of the whole line
  return (ticks * 1_000_000) / CLOCK_TICKS;
}

/**
 * A process's resident memory now (VmRSS) and at its highest so far (VmHWM), in MiB; and of the resident memory now,
 * what is its own (RssAnon: heaps, stacks) and what are pages of files it mapped (RssFile: the `node` binary, native
 * addons), which every process running the same files shares and the kernel can drop and read again.
 */
export function memoryMiB(pid: number): { rss: number; anon: number; file: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, anon: kib('RssAnon') / 1024, file: kib('RssFile') / 1024, peak: kib('VmHWM') / 1024 };
}

/** How many threads a process has now (the main thread, V8's and libuv's helpers, worker threads). */
export function threadCount(pid: number): number {
  return Number(/^Threads:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
}

/**
 * Whether `pid` itself holds the socket listening on 127.0.0.1:`port` (and not a parent, a wrapper or a child), read
 * from /proc/net/tcp and the process's file descriptors.
 */
export function listensOn(pid: number, port: number): boolean {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const inodes = new Set(
    readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1] === local && fields[3] === '0A') // 0A: LISTEN
      .map((fields) => fields[9]),
  );
  return readdirSync(`/proc/${pid}/fd`).some((fd) => {
    try {
      return inodes.has(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]);
    } catch {
      return false;
    }
  });
}

/** CPU time of `pid` and of every process below it (a primary and its workers), in µs, as `cpuMicroseconds`. */
export function treeCpuMicroseconds(pid: number): number {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // Gone, or no children file: only its own time.
  }
  return cpuMicroseconds(pid) + children.reduce((sum, child) => sum + treeCpuMicroseconds(child), 0);
}

/** CPU time of every process whose command name is `name` (e.g. all of PostgreSQL's backends), in µs. */
export function commandCpuMicroseconds(name: string): number {
  let sum = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === name) sum += cpuMicroseconds(Number(entry));
    } catch {
      // Ended while being read.
    }
  }
  return sum;
}

/** The whole machine's CPU time so far, all cores together (the first line of /proc/stat), in µs: busy and in all. */
export function machineCpuMicroseconds(): { busy: number; total: number } {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const ticks = fields.map(Number);
  const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0); // user … steal; guest is counted in user
  const idle = ticks[3]! + ticks[4]!; // idle and iowait
  return { busy: ((total - idle) * 1_000_000) / CLOCK_TICKS, total: (total * 1_000_000) / CLOCK_TICKS };
}
