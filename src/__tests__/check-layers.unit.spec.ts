// The layer check (scripts/check-layers.mjs) on small fake trees: one violation per rule, and a clean tree
// that uses every allowed shape. The checker is an ES module script, so it runs in a child Node process
// (jest's CommonJS runtime cannot import it without --experimental-vm-modules).
import { execFileSync, spawnSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { pathToFileURL } from "node:url"

const SCRIPT = path.resolve(__dirname, "../../scripts/check-layers.mjs")

type Violation = { file: string; line: number; rule: string; message: string }

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "check-layers-"))
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    fs.writeFileSync(path.join(root, file), text)
  }
  roots.push(root)
  return root
}

function checkLayers(root: string, options: object = {}): { files: number; violations: Violation[] } {
  const code = `import { checkLayers } from ${JSON.stringify(pathToFileURL(SCRIPT).href)}
const { root, options } = JSON.parse(process.env.CHECK_LAYERS_INPUT)
console.log(JSON.stringify(checkLayers(root, options)))`
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], {
    env: { ...process.env, CHECK_LAYERS_INPUT: JSON.stringify({ root, options }) },
    encoding: "utf8",
  })
  return JSON.parse(out)
}

const roots: string[] = []
afterAll(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })))

const BROKEN = {
  "src/lenders/a.ts": `import { MedusaError } from "@medusajs/framework/utils"\n`,
  "src/lenders/b.ts": `// a comment first\nimport { urls } from "../provider-kit/urls"\n`,
  "src/provider-kit/c.ts": `import { VAULT_OPTION_ENV } from "../providers/vault/options"\n`,
  "src/providers/vault/d.ts": `import { vaultWorkflow } from "../../workflows/vault"\n`,
  "src/modules/financing/e.ts": `import type { NewDayProvider } from "../../providers/newday/service"\n`,
  "src/workflows/f.ts": `export { job } from "../jobs/financing-reconcile"\n`,
  "src/workflows/reconcile/g.ts": `import { leaseOrderFor } from "../../api/store/financing/flexshopper/eligibility"\n`,
  "src/admin/lib/h.ts": `import { formatStatus } from "../../workflows/admin/status"\n`,
  "src/workflows/i.ts": `export async function load(modulePath: string) {\n  return await import(modulePath)\n}\n`,
}

describe("check-layers", () => {
  it("reports one violation per rule, with file and line", () => {
    const { files, violations } = checkLayers(tree(BROKEN))

    expect(files).toBe(9)
    expect(violations.map((v) => `${v.file}:${v.line} ${v.rule}`).sort()).toEqual(
      [
        "src/lenders/a.ts:1 lenders-no-medusa",
        "src/lenders/b.ts:2 lenders-self-contained",
        "src/provider-kit/c.ts:1 kit-below-providers",
        "src/providers/vault/d.ts:1 providers-below-flows",
        "src/modules/financing/e.ts:1 modules-below-flows",
        "src/workflows/f.ts:1 workflows-below-entry",
        "src/workflows/reconcile/g.ts:1 api-on-top",
        "src/admin/lib/h.ts:1 admin-types-only",
        "src/workflows/i.ts:2 no-dynamic-import",
      ].sort(),
    )
  })

  it("passes a clean tree that uses every allowed shape", () => {
    const { files, violations } = checkLayers(
      tree({
        "src/lenders/http.ts": `import axios from "axios"\nimport { redact } from "./redact"\nimport type { Money } from "./money/types"\n`,
        "src/lenders/vault/client.ts": `import { createLenderHttp } from "../http"\n`,
        "src/provider-kit/urls.ts": `import { MedusaError } from "@medusajs/framework/utils"\nimport { LenderError } from "../lenders/errors"\n`,
        "src/providers/vault/service.ts": `import { urls } from "../../provider-kit/urls"\nimport { financingLog } from "../../modules/financing/registry"\n`,
        "src/modules/financing/service.ts": `import { LENDER_SLUGS } from "../../lenders/slugs"\n`,
        "src/workflows/vault/index.ts": `import { VaultProvider } from "../../providers/vault/service"\n`,
        "src/api/store/route.ts": `import { vaultWorkflow } from "../../workflows/vault"\nimport { middlewares } from "../middlewares"\n`,
        "src/jobs/reconcile.ts": `import { vaultWorkflow } from "../workflows/vault"\n`,
        "src/admin/lib/types.ts":
          `import type { ConnectionResult } from "../../api/admin/financing/lenders/connection"\n` +
          `import { type LenderSlug } from "../../lenders/slugs"\n` +
          `export type { FinancingSummary } from "../../api/admin/financing/summary"\n` +
          `import { Button } from "@medusajs/ui"\nimport { format } from "./format"\n`,
        "src/admin/lib/format.ts": `export type Shape = import("../../lenders/slugs").LenderSlug\n`,
        // Tests may reach anywhere.
        "src/lenders/__tests__/client.unit.spec.ts": `import { MedusaError } from "@medusajs/framework/utils"\n`,
        "src/provider-kit/urls.spec.ts": `import { VaultProvider } from "../providers/vault/service"\nawait import("../api/x")\n`,
      }),
    )

    expect(violations).toEqual([])
    expect(files).toBe(10)
  })

  it("lets a listed dynamic import through, and only that one", () => {
    const root = tree({
      "src/workflows/a.ts": `export const load = () => import("./b")\nexport const other = () => import("./c")\n`,
    })

    const { violations } = checkLayers(root, {
      allowedDynamicImports: [{ file: "src/workflows/a.ts", specifier: "./b", reason: "test" }],
    })

    expect(violations.map((v) => `${v.file}:${v.line} ${v.rule}`)).toEqual(["src/workflows/a.ts:2 no-dynamic-import"])
  })

  it("exits 1 and lists file:line and rule from the command line; exits 0 on a clean tree", () => {
    const broken = spawnSync(process.execPath, [SCRIPT, "--root", tree(BROKEN)], { encoding: "utf8" })
    const clean = spawnSync(process.execPath, [SCRIPT, "--root", tree({ "src/lenders/x.ts": `import "./y"\n` })], {
      encoding: "utf8",
    })

    expect(broken.status).toBe(1)
    expect(broken.stderr).toContain("src/lenders/a.ts:1 lenders-no-medusa: imports @medusajs/framework/utils")
    expect(broken.stderr).toContain("9 violation(s) in 9 files")
    expect(clean.status).toBe(0)
    expect(clean.stdout).toContain("1 files")
  })
})
