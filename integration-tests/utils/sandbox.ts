// Starts the lender sandbox in the test process BEFORE Medusa boots, and fixes Medusa's port, so
// medusa-config.ts (read at boot) points every lender provider at this sandbox and gives lenders
// callback URLs (webhooks, returns) that reach this test's server.
//
// Call `useSandboxAndBackend()` at the top level of a spec file, before medusaIntegrationTestRunner:
// jest runs top-level beforeAll hooks before the runner's own.
import net from "node:net"
import { startSandbox, type SandboxHandle } from "../../packages/sandbox/src"

export interface SandboxAndBackend {
  sandbox: () => SandboxHandle
  backendUrl: () => string
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0))
    })
  })
}

export function useSandboxAndBackend(extraEnv: Record<string, string> = {}): SandboxAndBackend {
  let sandbox: SandboxHandle | undefined
  let backendUrl = ""
  const previous: Record<string, string | undefined> = {}

  const setEnv = (key: string, value: string) => {
    if (!(key in previous)) previous[key] = process.env[key]
    process.env[key] = value
  }

  beforeAll(async () => {
    // Tests run the reconcile pass themselves (with a chosen "now"); the scheduled one would start
    // on the wall clock's five-minute mark and race their assertions (it polls every waiting
    // Payment Assist application, for one).
    setEnv("FINANCING_RECONCILE_JOB", "off")
    for (const [key, value] of Object.entries(extraEnv)) setEnv(key, value)
    sandbox = await startSandbox({ port: 0, quiet: true, env: process.env })
    const port = await freePort()
    backendUrl = `http://localhost:${port}`
    setEnv("PORT", String(port))
    setEnv("MEDUSA_BACKEND_URL", backendUrl)
    setEnv("FINANCING_SANDBOX_URL", sandbox.url)
  })

  afterAll(async () => {
    await sandbox?.close()
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })

  return {
    sandbox: () => {
      if (!sandbox) throw new Error("the sandbox is not started yet (use it inside tests or hooks)")
      return sandbox
    },
    backendUrl: () => backendUrl,
  }
}
