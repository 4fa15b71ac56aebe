// CPU time from /proc, to say where a batch's wall time went: a process whose CPU time over a
// batch is close to the batch's length was busy the whole time (adding work in parallel to it
// cannot help), one well under it was waiting on something else. Linux only, as the bench is.
import fs from "node:fs"

/** Clock ticks per second of /proc's utime/stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

interface ProcStat {
  pid: number
  ppid: number
  comm: string
  cpuTicks: number
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    // comm is in parentheses and may hold spaces: split after the last ")".
    const close = text.lastIndexOf(")")
    const fields = text.slice(close + 2).split(" ")
    return {
      pid,
      comm: text.slice(text.indexOf("(") + 1, close),
      ppid: Number(fields[1]),
      cpuTicks: Number(fields[11]) + Number(fields[12]), // utime + stime
    }
  } catch {
    return null // gone meanwhile
  }
}

function allStats(): ProcStat[] {
  return fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((s): s is ProcStat => s !== null)
}

const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND

/** CPU ms used so far by `pid` and every process under it. */
function treeCpuMs(stats: ProcStat[], pid: number): number {
  const children = new Map<number, ProcStat[]>()
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s])
  let ticks = 0
  const stack = stats.filter((s) => s.pid === pid)
  while (stack.length) {
    const s = stack.pop()!
    ticks += s.cpuTicks
    stack.push(...(children.get(s.pid) ?? []))
  }
  return ms(ticks)
}

/** Busy CPU ms of the whole machine so far (all cores: everything but idle and iowait). */
function machineBusyMs(): number {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]
  const [, ...values] = line.trim().split(/\s+/).map(Number)
  const [user, nice, system, , , irq, softirq, steal] = values
  return ms(user + nice + system + irq + softirq + (steal ?? 0))
}

/** CPU ms so far, per name: the given process trees, every `postgres` process, and the machine. */
export type CpuSampler = () => Record<string, number>

export function cpuSampler(processes: Record<string, () => number>): CpuSampler {
  return () => {
    const stats = allStats()
    const out: Record<string, number> = {}
    for (const [name, pid] of Object.entries(processes)) out[name] = treeCpuMs(stats, pid())
    out.postgres = ms(stats.filter((s) => s.comm === "postgres").reduce((sum, s) => sum + s.cpuTicks, 0))
    // The bench process alone (its Medusa children are counted above): shoppers and the sandbox.
    out.bench = ms(stats.find((s) => s.pid === process.pid)?.cpuTicks ?? 0)
    out.machine = machineBusyMs()
    return out
  }
}

/** `after - before` per name. */
export function cpuSpent(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((name) => [name, after[name] - (before[name] ?? 0)]))
}
