// CPU time and resident memory of a server process and everything it started (a native helper process counts
// against the server that spawned it), read from Linux's /proc.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function readOrEmpty(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process exited between listing and reading
  }
}

/** `pid` and its descendants, found through /proc/<pid>/task/<tid>/children; bounded to 10,000 processes. */
export function processTree(pid) {
  const seen = [];
  const queue = [pid];
  while (queue.length > 0 && seen.length < 10_000) {
    const next = queue.shift();
    seen.push(next);
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${next}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      for (const child of readOrEmpty(`/proc/${next}/task/${tid}/children`).split(' ')) {
        if (child.trim() !== '') queue.push(Number(child));
      }
    }
  }
  return seen;
}

/** utime + stime of one process, in seconds. The command name may hold spaces: count fields after its `)`. */
function cpuSecondsOf(pid) {
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5); fields[0] here is field 3 (state).
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  return ticks / CLOCK_TICKS;
}

/** VmRSS of one process, in bytes (0 once it has exited). */
function rssBytesOf(pid) {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readOrEmpty(`/proc/${pid}/status`));
  return match ? Number(match[1]) * 1024 : 0;
}

/** CPU seconds (user + system) used so far by `pid` and its descendants. */
export function treeCpuSeconds(pid) {
  return processTree(pid).reduce((sum, member) => sum + cpuSecondsOf(member), 0);
}

/** Resident memory of `pid` and its descendants, in bytes. */
export function treeRssBytes(pid) {
  return processTree(pid).reduce((sum, member) => sum + rssBytesOf(member), 0);
}

/**
 * Samples the tree's RSS every `intervalMs` until `stop()`, which returns the peak seen: the "loaded" RSS while
 * a load runs.
 */
export function samplePeakRss(pid, intervalMs = 250) {
  let peak = treeRssBytes(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssBytes(pid));
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, treeRssBytes(pid));
    },
  };
}
