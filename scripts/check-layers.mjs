#!/usr/bin/env node
// Layer check for src/ (issue #17, docs/architecture.md): imports run one way, from the top down.
//
//   api/ · subscribers/ · jobs/                     Medusa's entry points (routes, events, schedules)
//   workflows/
//   providers/ · modules/
//   provider-kit/                                   provider plumbing
//   lenders/                                        Medusa-free lender clients
//
// Rules, checked on every non-test source file under src/ (__tests__/, __fixtures__/ and *.spec.* are
// skipped; type-only imports count like any other, a type is a dependency too):
//   lenders-no-medusa      src/lenders/** imports no @medusajs/* package.
//   lenders-self-contained src/lenders/** imports nothing from src/ outside src/lenders.
//   kit-below-providers    src/provider-kit/** imports nothing from providers, workflows, api, subscribers, jobs.
//   providers-below-flows  src/providers/** imports nothing from workflows, api, subscribers, jobs.
//   modules-below-flows    src/modules/** imports nothing from providers, workflows, api, subscribers, jobs.
//   workflows-below-entry  src/workflows/** imports nothing from subscribers or jobs (api: see api-on-top).
//   api-on-top             nothing outside src/api/** imports src/api/**. The one exception is src/admin/**
//                          (the admin bundle), which may import the shapes the admin routes return, as types.
//   admin-types-only       src/admin/** imports server code (src/ outside src/admin) only with `import type` /
//                          `export type` (erased when the admin is bundled: no server code reaches the browser).
//   no-dynamic-import      no import(…) or require(…) call in src/: an edge the type checker and this script
//                          cannot follow. A needed one is listed in DYNAMIC_IMPORTS_ALLOWED with its reason.
//
// Usage: node scripts/check-layers.mjs [--root <dir>] [--json]. Exit 0 when clean; exit 1 with one
// "file:line rule: message" line per violation. The function checkLayers(root) is exported for the unit test
// (src/__tests__/check-layers.unit.spec.ts).
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

/** Dynamic imports that are documented and needed: { file (relative to the root), specifier, reason }. None today. */
export const DYNAMIC_IMPORTS_ALLOWED = []

const ENTRY_POINTS = ["api", "subscribers", "jobs"]
const ABOVE_PROVIDERS = ["workflows", ...ENTRY_POINTS]
const ABOVE_KIT = ["providers", ...ABOVE_PROVIDERS]

const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/
const TEST_FILE = /(^|\/)(__tests__|__fixtures__)\/|\.spec\.[cm]?[jt]sx?$/

/** The folder directly under src/ that a src-relative path belongs to ("api", "lenders", …; "config.ts" → "config"). */
function layerOf(srcPath) {
  const first = srcPath.split("/")[0]
  return first.replace(SOURCE_FILE, "")
}

const under = (layers) => (target) => target.layer !== null && layers.includes(target.layer)

/** Each rule: the layer it applies to (null: every file), and a test on one import that returns a message or null. */
export const RULES = [
  {
    name: "lenders-no-medusa",
    from: ["lenders"],
    test: (imp) =>
      imp.specifier.startsWith("@medusajs/") ? `imports ${imp.specifier} (lenders/ is Medusa-free)` : null,
  },
  {
    name: "lenders-self-contained",
    from: ["lenders"],
    test: (imp) =>
      imp.target.layer !== null && imp.target.layer !== "lenders"
        ? `imports src/${imp.target.path} (lenders/ imports nothing from src/ outside lenders/)`
        : null,
  },
  {
    name: "kit-below-providers",
    from: ["provider-kit"],
    test: (imp) =>
      under(ABOVE_KIT)(imp.target)
        ? `imports src/${imp.target.path} (provider-kit/ is below ${ABOVE_KIT.join(", ")})`
        : null,
  },
  {
    name: "providers-below-flows",
    from: ["providers"],
    test: (imp) =>
      under(ABOVE_PROVIDERS)(imp.target)
        ? `imports src/${imp.target.path} (providers/ is below ${ABOVE_PROVIDERS.join(", ")})`
        : null,
  },
  {
    name: "modules-below-flows",
    from: ["modules"],
    test: (imp) =>
      under(ABOVE_KIT)(imp.target)
        ? `imports src/${imp.target.path} (modules/ is below ${ABOVE_KIT.join(", ")})`
        : null,
  },
  {
    name: "workflows-below-entry",
    from: ["workflows"],
    test: (imp) =>
      under(["subscribers", "jobs"])(imp.target)
        ? `imports src/${imp.target.path} (workflows/ is below subscribers, jobs)`
        : null,
  },
  {
    name: "api-on-top",
    from: null,
    test: (imp, file) => {
      if (file.layer === "api" || imp.target.layer !== "api") return null
      if (file.layer === "admin" && imp.typeOnly) return null
      return `imports src/${imp.target.path} (nothing below api/ imports api/; only admin/ may, as types)`
    },
  },
  {
    name: "admin-types-only",
    from: ["admin"],
    test: (imp) =>
      imp.target.layer !== null && imp.target.layer !== "admin" && !imp.typeOnly
        ? `imports src/${imp.target.path} as a value (admin/ takes server code as types only)`
        : null,
  },
]

/** Every import of one file: { specifier, line, typeOnly, dynamic }. */
export function importsOf(fileName, text) {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith("x") ? ts.ScriptKind.TSX : undefined,
  )
  const found = []
  const add = (node, specifier, typeOnly, dynamic = false) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1
    found.push({ specifier, line, typeOnly, dynamic })
  }
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const named =
        clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : null
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)))
      add(node, node.moduleSpecifier.text, typeOnly)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : null
      const typeOnly = node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly))
      add(node, node.moduleSpecifier.text, typeOnly)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression
      if (ts.isStringLiteral(expression)) add(node, expression.text, node.isTypeOnly)
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node, node.argument.literal.text, true)
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require"))
    ) {
      const [argument] = node.arguments
      add(node, argument && ts.isStringLiteralLike(argument) ? argument.text : "<computed>", false, true)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

function sourceFiles(dir, root, out = []) {
  if (!fs.existsSync(dir)) return out
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") sourceFiles(full, root, out)
    } else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
      const relative = path.relative(root, full).split(path.sep).join("/")
      if (!TEST_FILE.test(relative)) out.push(relative)
    }
  }
  return out
}

/** Where a specifier points: { layer, path } under src/ for relative imports inside src/, else { layer: null }. */
function targetOf(fromFile, specifier) {
  if (!specifier.startsWith(".")) return { layer: null, path: specifier }
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier))
  if (!resolved.startsWith("src/")) return { layer: null, path: resolved }
  const srcPath = resolved.slice("src/".length)
  return { layer: layerOf(srcPath), path: srcPath }
}

/** Checks the tree under root/src. Returns { files: number checked, violations: [{ file, line, rule, message }] }. */
export function checkLayers(root = process.cwd(), { allowedDynamicImports = DYNAMIC_IMPORTS_ALLOWED } = {}) {
  const files = sourceFiles(path.join(root, "src"), root).sort()
  const violations = []
  for (const file of files) {
    const from = { path: file, layer: layerOf(file.slice("src/".length)) }
    for (const imp of importsOf(file, fs.readFileSync(path.join(root, file), "utf8"))) {
      const report = (rule, message) => violations.push({ file, line: imp.line, rule, message })
      if (imp.dynamic) {
        if (!allowedDynamicImports.some((allowed) => allowed.file === file && allowed.specifier === imp.specifier)) {
          report(
            "no-dynamic-import",
            `dynamic ${imp.specifier === "<computed>" ? "import of a computed path" : `import of "${imp.specifier}"`} (a hidden edge: import it statically)`,
          )
        }
      }
      const withTarget = { ...imp, target: targetOf(file, imp.specifier) }
      for (const rule of RULES) {
        if (rule.from && !rule.from.includes(from.layer)) continue
        const message = rule.test(withTarget, from)
        if (message) report(rule.name, message)
      }
    }
  }
  return { files: files.length, violations }
}

export function formatViolations(violations) {
  return violations.map((v) => `${v.file}:${v.line} ${v.rule}: ${v.message}`).join("\n")
}

function main(argv) {
  const rootIndex = argv.indexOf("--root")
  const root = path.resolve(
    rootIndex >= 0 ? argv[rootIndex + 1] : path.join(path.dirname(fileURLToPath(import.meta.url)), ".."),
  )
  const result = checkLayers(root)
  if (argv.includes("--json")) {
    console.log(JSON.stringify(result, null, 2))
  } else if (result.violations.length) {
    console.error(formatViolations(result.violations))
    console.error(
      `\ncheck-layers: ${result.violations.length} violation(s) in ${result.files} files (rules: scripts/check-layers.mjs)`,
    )
  } else {
    console.log(`check-layers: ${result.files} files, imports run one way`)
  }
  return result.violations.length ? 1 : 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2))
}
