import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import net from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { TLSSocket } from "node:tls"
import { isLenderError } from "../errors"
import { createLenderHttp } from "../http"
import type { LenderHttp, LenderHttpOptions } from "../http-types"
import { sendJson, startServer, type LocalServer } from "./helpers/local-server"
import { lenderRejection as rejection } from "../../__tests__/helpers/rejections"

/**
 * mTLS (NewDay requires a client certificate) and the connect timeout, against real TLS
 * servers on loopback. Certificates are minted per run with the openssl CLI.
 */

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" })
    return true
  } catch {
    return false
  }
}

interface Pki {
  dir: string
  files: Record<"caCert" | "serverKey" | "serverCert" | "clientKey" | "clientCert", string>
  pem: Record<"caCert" | "serverKey" | "serverCert" | "clientKey" | "clientCert", string>
}

function mintPki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), "lender-mtls-"))
  const at = (name: string) => join(dir, name)
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" })
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
  run("req", "-x509", ...ecKey, "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=Lender Test CA")
  writeFileSync(at("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
  run("req", ...ecKey, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
  run(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.crt",
    "-days",
    "1",
    "-extfile",
    "server.ext",
  )
  writeFileSync(at("client.ext"), "extendedKeyUsage=clientAuth\n")
  run("req", ...ecKey, "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=newdaytech-mtls.merchant.test")
  run(
    "x509",
    "-req",
    "-in",
    "client.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "client.crt",
    "-days",
    "1",
    "-extfile",
    "client.ext",
  )
  const files = {
    caCert: at("ca.crt"),
    serverKey: at("server.key"),
    serverCert: at("server.crt"),
    clientKey: at("client.key"),
    clientCert: at("client.crt"),
  }
  const pem = Object.fromEntries(Object.entries(files).map(([k, p]) => [k, readFileSync(p, "utf8")])) as Pki["pem"]
  return { dir, files, pem }
}

let pki: Pki
let server: LocalServer
const clients: LenderHttp[] = []

function client(overrides: Partial<LenderHttpOptions>): LenderHttp {
  const http = createLenderHttp({
    lender: "newday",
    lenderName: "NewDay",
    baseURL: server.url,
    retry: { retries: 0 },
    ...overrides,
  })
  clients.push(http)
  return http
}

beforeAll(async () => {
  if (!hasOpenssl()) {
    throw new Error("these tests need the openssl CLI on PATH to mint test certificates")
  }
  pki = mintPki()
  server = await startServer(
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate()
      const delayMs = req.url === "/slow" ? 300 : 0
      setTimeout(() => sendJson(res, 200, { clientCN: peer?.subject?.CN }), delayMs)
    },
    {
      key: pki.pem.serverKey,
      cert: pki.pem.serverCert,
      ca: pki.pem.caCert,
      requestCert: true,
      rejectUnauthorized: true,
    },
  )
})

afterEach(() => {
  clients.splice(0).forEach((c) => c.close())
})

afterAll(async () => {
  await server?.close()
  if (pki) {
    rmSync(pki.dir, { recursive: true, force: true })
  }
})

describe("mutual TLS", () => {
  it("authenticates with PEM strings", async () => {
    const res = await client({
      tls: { cert: pki.pem.clientCert, key: pki.pem.clientKey, ca: pki.pem.caCert },
    }).request<{ clientCN: string }>({
      operation: "get-customer",
      method: "GET",
      path: "/customer",
    })
    expect(res.data.clientCN).toBe("newdaytech-mtls.merchant.test")
  })

  it("authenticates with file paths", async () => {
    const res = await client({
      tls: { cert: pki.files.clientCert, key: pki.files.clientKey, ca: pki.files.caCert },
    }).request<{ clientCN: string }>({
      operation: "get-customer",
      method: "GET",
      path: "/customer",
    })
    expect(res.data.clientCN).toBe("newdaytech-mtls.merchant.test")
  })

  it("keeps the connect timer off established connections (slow answer, reused socket)", async () => {
    const http = client({
      tls: { cert: pki.pem.clientCert, key: pki.pem.clientKey, ca: pki.pem.caCert },
      connectTimeoutMs: 100,
    })
    const connectionsBefore = server.connections
    const first = await http.request({ operation: "slow", method: "GET", path: "/slow" })
    const second = await http.request({ operation: "slow", method: "GET", path: "/slow" })
    expect([first.status, second.status]).toEqual([200, 200])
    expect(server.connections - connectionsBefore).toBe(1)
  })

  it("fails with a LenderError when no client certificate is presented", async () => {
    const hitsBefore = server.hits.length
    const err = await rejection(
      client({ tls: { ca: pki.files.caCert } }).request({
        operation: "authorise",
        method: "POST",
        path: "/authorisation",
        json: {},
      }),
    )
    expect(err.kind).toBe("network")
    expect(err.message).toMatch(/^NewDay authorise failed: (TLS handshake failed|network error) \([A-Z0-9_]+\)$/)
    expect(server.hits.length).toBe(hitsBefore)
  })

  it("refuses a server whose certificate it cannot verify, and does not retry that", async () => {
    const err = await rejection(
      client({
        tls: { cert: pki.pem.clientCert, key: pki.pem.clientKey },
        retry: { retries: 2, baseDelayMs: 1 },
      }).request({ operation: "get", method: "GET", path: "/x" }),
    )
    expect(err).toMatchObject({ kind: "network", retryable: false, attempts: 1 })
    expect(err.message).toMatch(
      /TLS handshake failed \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/,
    )
  })

  it("fails at construction with a config error naming the option when a certificate file is missing", () => {
    let thrown: unknown
    try {
      createLenderHttp({
        lender: "newday",
        lenderName: "NewDay",
        baseURL: server.url,
        tls: { cert: join(pki.dir, "nope.crt") },
      })
    } catch (err) {
      thrown = err
    }
    expect(isLenderError(thrown)).toBe(true)
    expect(thrown).toMatchObject({ kind: "config" })
    expect((thrown as Error).message).toMatch(/tls\.cert file ".*nope\.crt" could not be read \(ENOENT\)/)
  })

  it("reads a PEM file but never puts its contents in an error", () => {
    let thrown: unknown
    try {
      createLenderHttp({
        lender: "newday",
        lenderName: "NewDay",
        baseURL: server.url,
        tls: { key: join(pki.dir, "server.ext") },
      })
    } catch (err) {
      thrown = err
    }
    expect((thrown as Error).message).toContain("does not contain a PEM block")
    expect((thrown as Error).message).not.toContain("subjectAltName")
  })
})

describe("connect timeout", () => {
  it("fires when a server accepts TCP but never answers the TLS ClientHello", async () => {
    const silent = net.createServer(() => undefined)
    const accepted: net.Socket[] = []
    silent.on("connection", (socket) => {
      accepted.push(socket)
      socket.on("error", () => undefined)
    })
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve))
    const { port } = silent.address() as net.AddressInfo
    try {
      const http = createLenderHttp({
        lender: "newday",
        lenderName: "NewDay",
        baseURL: `https://127.0.0.1:${port}`,
        connectTimeoutMs: 200,
        timeoutMs: 5000,
        retry: { retries: 1, baseDelayMs: 1 },
      })
      clients.push(http)

      const started = Date.now()
      const post = await rejection(http.request({ operation: "settle", method: "POST", path: "/settle", json: {} }))
      const elapsed = Date.now() - started
      expect(elapsed).toBeGreaterThanOrEqual(190)
      expect(elapsed).toBeLessThan(1500)
      // Never connected, so the lender never saw it: the caller may safely try again later.
      expect(post).toMatchObject({ kind: "timeout", retryable: true, attempts: 1 })
      expect(post.message).toBe("NewDay settle failed: could not connect within 200 ms")
      expect(accepted).toHaveLength(1)

      const get = await rejection(http.request({ operation: "status", method: "GET", path: "/status" }))
      expect(get).toMatchObject({ kind: "timeout", attempts: 2 })
      expect(accepted).toHaveLength(3)
    } finally {
      // Never-read server sockets never see the client's FIN, so close() would wait forever.
      accepted.forEach((socket) => socket.destroy())
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    }
  })
})
