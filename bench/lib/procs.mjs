/**
 * @module Child processes for the bench harness: every process is started in its own session
 * (`setsid`, via spawn's `detached`), tracked, and stopped by process group (`kill -- -PGID`), on
 * success, on error and on SIGINT/SIGTERM. Nothing is ever killed by name.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

const live = new Set()

/** Spawns `cmd args` as a process-group leader; stdout/stderr are collected (bounded) and optionally echoed. */
export function startProcess(cmd, args, { cwd, env, label = cmd, echo = false, maxLog = 4 * 1024 * 1024 } = {}) {
  const child = spawn(cmd, args, { cwd, env: env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const proc = {
    label,
    child,
    pgid: child.pid,
    stdout: '',
    stderr: '',
    exited: false,
    exitCode: null,
    exitSignal: null,
  }
  const collect = (key) => (chunk) => {
    const s = chunk.toString()
    if (proc[key].length < maxLog) proc[key] += s
    if (echo) process.stderr.write(`[${label}] ${s}`)
  }
  child.stdout.on('data', collect('stdout'))
  child.stderr.on('data', collect('stderr'))
  proc.done = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      proc.exited = true
      proc.exitCode = code
      proc.exitSignal = signal
      live.delete(proc)
      resolve()
    })
    child.on('error', (err) => {
      proc.exited = true
      proc.stderr += String(err)
      live.delete(proc)
      resolve()
    })
  })
  live.add(proc)
  return proc
}

/**
 * Stops a process group: SIGTERM, then SIGKILL after `graceMs`. Resolves once the leader exited.
 * The group is swept even when the leader is already gone (`npm start` exits before the
 * wrangler and workerd children it leaves behind).
 */
export async function stopProcess(proc, { signal = 'SIGTERM', graceMs = 3000 } = {}) {
  if (!proc) return
  if (!proc.exited) {
    try {
      process.kill(-proc.pgid, signal)
    } catch {}
    const timer = new Promise((r) => setTimeout(r, graceMs, 'timeout'))
    if ((await Promise.race([proc.done, timer])) === 'timeout') {
      try {
        process.kill(-proc.pgid, 'SIGKILL')
      } catch {}
      await Promise.race([proc.done, new Promise((r) => setTimeout(r, 2000))])
    }
  }
  // Whatever else is left in the group, gone too.
  try {
    process.kill(-proc.pgid, 'SIGKILL')
  } catch {}
}

/** Kills every tracked group synchronously (exit paths cannot await). */
export function killAllTracked() {
  for (const proc of live) {
    try {
      process.kill(-proc.pgid, 'SIGKILL')
    } catch {}
  }
  live.clear()
}

/**
 * Runs a script's main(): an error is printed and sets a failing exit code, and every tracked
 * process group is killed either way, so a failure before a script's own cleanup (e.g. in a probe)
 * never leaves an origin or workerd running and Node waiting on their pipes.
 */
export function runMain(main) {
  return main()
    .catch((error) => {
      console.error(error instanceof Error ? error.stack : error)
      process.exitCode = 1
    })
    .finally(killAllTracked)
}

let trapped = false
/** Installs the cleanup trap once: every tracked group is killed on exit, on signals and on crashes. */
export function installCleanupTrap(extra = () => {}) {
  if (trapped) return
  trapped = true
  const bail = (code) => {
    try {
      extra()
    } catch {}
    killAllTracked()
    process.exit(code)
  }
  process.on('exit', () => killAllTracked())
  process.on('SIGINT', () => bail(130))
  process.on('SIGTERM', () => bail(143))
  process.on('SIGHUP', () => bail(129))
  process.on('uncaughtException', (err) => {
    console.error(err)
    bail(1)
  })
  process.on('unhandledRejection', (err) => {
    console.error(err)
    bail(1)
  })
}

/** Resident set size of one pid in KiB (from /proc), or undefined when it is gone. */
export function rssKiB(pid) {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : undefined
  } catch {
    return undefined
  }
}

/** Runs a command to completion (bounded by timeoutMs) in its own group; resolves { code, stdout, stderr }. */
export async function runToEnd(cmd, args, { cwd, env, timeoutMs = 120_000, label } = {}) {
  const proc = startProcess(cmd, args, { cwd, env, label })
  const timer = setTimeout(() => stopProcess(proc, { graceMs: 1000 }), timeoutMs)
  await proc.done
  clearTimeout(timer)
  return { code: proc.exitCode, signal: proc.exitSignal, stdout: proc.stdout, stderr: proc.stderr }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
