import { spawn } from "node:child_process"
import https from "node:https"
import { join } from "node:path"
import axios from "axios"
import { CliError, main } from "../cli"
// Certificates minted per run with openssl (the NewDay tests' helper).
import { mintPki } from "../newday/__tests__/pki"

function collect() {
  let text = ""
  return { stdout: { write: (chunk: string) => (text += chunk) }, text: () => text }
}

describe("CLI main()", () => {
  it("starts the sandbox and prints every lender's base URL and the admin URL", async () => {
    const out = collect()
    const sandbox = await main({ env: { SANDBOX_PORT: "0", SANDBOX_QUIET: "1" }, stdout: out.stdout })
    try {
      const base = `http://127.0.0.1:${sandbox.port}`
      for (const slug of ["payment-assist", "flexshopper", "newday", "vault"])
        expect(out.text()).toContain(`${base}/${slug}\n`)
      expect(out.text()).toContain(`${base}/__sandbox\n`)
      expect((await axios.get(`${base}/vault/`, { proxy: false })).status).toBe(200)
    } finally {
      await sandbox.close()
    }
  })

  it("logs requests to its stdout unless SANDBOX_QUIET is set", async () => {
    const out = collect()
    const sandbox = await main({ env: { SANDBOX_PORT: "0" }, stdout: out.stdout })
    try {
      await axios.get(`${sandbox.url}/newday/`, { proxy: false })
      expect(out.text()).toMatch(/GET \/newday\/ → 200/)
    } finally {
      await sandbox.close()
    }
  })

  it("uses SANDBOX_PUBLIC_URL for printed URLs", async () => {
    const out = collect()
    const sandbox = await main({
      env: { SANDBOX_PORT: "0", SANDBOX_QUIET: "1", SANDBOX_PUBLIC_URL: "https://demo.example.test" },
      stdout: out.stdout,
    })
    await sandbox.close()
    expect(out.text()).toContain("https://demo.example.test/payment-assist\n")
  })

  it.each(["http", "-1", "70000", "1.5"])("rejects SANDBOX_PORT=%s", async (port) => {
    await expect(main({ env: { SANDBOX_PORT: port }, stdout: collect().stdout })).rejects.toThrow(CliError)
  })
})

describe("npm run sandbox (node -r ts-node/register packages/sandbox/src/cli.ts)", () => {
  it("serves, then exits 0 on SIGTERM", async () => {
    const root = join(__dirname, "..", "..", "..", "..")
    const child = spawn(process.execPath, ["-r", "ts-node/register", "packages/sandbox/src/cli.ts"], {
      cwd: root,
      env: { ...process.env, SANDBOX_PORT: "0", SANDBOX_QUIET: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    })
    let output = ""
    child.stderr.on("data", (c) => (output += c))
    const adminUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (c) => {
        output += c
        const m = /(http:\/\/127\.0\.0\.1:\d+\/__sandbox)/.exec(output)
        if (m) resolve(m[1])
      })
      child.on("exit", () => reject(new Error(`CLI exited early:\n${output}`)))
    })
    expect((await axios.get(adminUrl, { proxy: false })).data.lenders).toHaveLength(4)
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    child.kill("SIGTERM")
    expect(await exited).toBe(0)
  }, 20_000)
})

describe("CLI main() with NewDay's mutual-TLS front", () => {
  it("serves NewDay over TLS when NEWDAY_SANDBOX_TLS_PORT is set, refusing clients without a certificate", async () => {
    const pki = mintPki()
    const out = collect()
    const sandbox = await main({
      env: {
        SANDBOX_PORT: "0",
        SANDBOX_QUIET: "1",
        NEWDAY_SANDBOX_TLS_PORT: "0",
        NEWDAY_SANDBOX_TLS_CERT: pki.files.serverCert,
        NEWDAY_SANDBOX_TLS_KEY: pki.pem.serverKey,
        NEWDAY_SANDBOX_TLS_CA: pki.files.caCert,
      },
      stdout: out.stdout,
    })
    const get = (options: Record<string, unknown>) =>
      new Promise<number>((resolve, reject) => {
        const url = /NewDay \(mTLS\)\s+(\S+)/.exec(out.text())![1]
        https
          .get(`${url}/`, { ca: pki.pem.caCert, ...options }, (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          })
          .on("error", reject)
      })
    try {
      expect(out.text()).toMatch(/NewDay \(mTLS\)\s+https:\/\/127\.0\.0\.1:\d+/)
      await expect(get({ cert: pki.pem.clientCert, key: pki.pem.clientKey })).resolves.toBe(200)
      await expect(get({})).rejects.toThrow()
    } finally {
      await sandbox.close()
      pki.remove()
    }
  })

  it("refuses to start without the certificate settings, naming the missing variable", async () => {
    await expect(
      main({ env: { SANDBOX_PORT: "0", SANDBOX_QUIET: "1", NEWDAY_SANDBOX_TLS_PORT: "0" }, stdout: collect().stdout }),
    ).rejects.toThrow("NEWDAY_SANDBOX_TLS_CERT is required")
  })
})
