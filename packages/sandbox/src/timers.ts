// Sleeps the sandbox can cancel: close() must not leave latency/backoff timers keeping the
// process (or a jest worker) alive.
export class TimerSet {
  private readonly pending = new Map<NodeJS.Timeout, () => void>()

  /** Resolves after `ms`, or early (with false) when cancelAll() runs. */
  sleep(ms: number): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer)
        resolve(true)
      }, ms)
      this.pending.set(timer, () => resolve(false))
    })
  }

  cancelAll(): void {
    for (const [timer, cancel] of this.pending) {
      clearTimeout(timer)
      cancel()
    }
    this.pending.clear()
  }
}
