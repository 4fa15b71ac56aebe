// Throw-away PKI for the mTLS tests, minted with the openssl CLI (same recipe as
// src/lenders/__tests__/http-tls.unit.spec.ts): a CA, a server certificate for 127.0.0.1 and a
// client certificate with NewDay's "newdaytech-mtls." subject prefix.
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

export type PkiName =
  "caCert" | "serverKey" | "serverCert" | "clientKey" | "clientCert" | "otherCaCert" | "strangerKey" | "strangerCert"

export interface Pki {
  dir: string
  files: Record<PkiName, string>
  pem: Record<PkiName, string>
  remove(): void
}

export function mintPki(): Pki {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" })
  } catch {
    throw new Error("these tests need the openssl CLI on PATH to mint test certificates")
  }
  const dir = mkdtempSync(join(tmpdir(), "newday-mtls-"))
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" })
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
  const sign = (name: string, ca: string, ext: string) =>
    run(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${ca}.crt`,
      "-CAkey",
      `${ca}.key`,
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      "1",
      "-extfile",
      ext,
    )
  run("req", "-x509", ...ecKey, "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=NewDay Test CA")
  run(
    "req",
    "-x509",
    ...ecKey,
    "-keyout",
    "other-ca.key",
    "-out",
    "other-ca.crt",
    "-days",
    "1",
    "-subj",
    "/CN=Someone Else CA",
  )
  writeFileSync(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
  writeFileSync(join(dir, "client.ext"), "extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n")
  run("req", ...ecKey, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
  sign("server", "ca", "server.ext")
  run("req", ...ecKey, "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=newdaytech-mtls.merchant.test")
  sign("client", "ca", "client.ext")
  run("req", ...ecKey, "-keyout", "stranger.key", "-out", "stranger.csr", "-subj", "/CN=newdaytech-mtls.stranger.test")
  sign("stranger", "other-ca", "client.ext")
  const files: Record<PkiName, string> = {
    caCert: join(dir, "ca.crt"),
    serverKey: join(dir, "server.key"),
    serverCert: join(dir, "server.crt"),
    clientKey: join(dir, "client.key"),
    clientCert: join(dir, "client.crt"),
    otherCaCert: join(dir, "other-ca.crt"),
    strangerKey: join(dir, "stranger.key"),
    strangerCert: join(dir, "stranger.crt"),
  }
  const pem = Object.fromEntries(Object.entries(files).map(([k, p]) => [k, readFileSync(p, "utf8")])) as Record<
    PkiName,
    string
  >
  return { dir, files, pem, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
