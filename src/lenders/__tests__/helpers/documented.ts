import fs from "node:fs"
import path from "node:path"
import type { LenderSlug } from "../../slugs"

/**
 * Contract tests against the lenders' own documents.
 *
 * A documented example is a JSON file in `src/lenders/<slug>/__tests__/documented/`, copied from a
 * public document (the seeds, ../shared/lenders/<slug>.md) and citing it:
 *
 *   { "source": "seed 002 §Get Transaction By ID (3.0 page)", "endpoint": "GET /v3/transactions/{id}",
 *     "status": 200, "request": { … }, "response": { … } }
 *
 * Shapes are compared by JSON path (`items[].shipping`, `data.users[].token`, `[]` for a root array).
 * A documented value of `null` stands for "any value" (the document shows the field but not its type),
 * so nothing below it is checked. A field, or a type, that no document shows is allowed only when the
 * lender's page (docs/lenders/<slug>.md) names it, in backticks, in the first column of a table in
 * its "Assumptions" section — the list of everything we assumed where the documents are silent.
 */

const repoRoot = path.resolve(__dirname, "../../../..")

export interface DocumentedExample {
  /** Where the example comes from: seed file and section, or ../shared/lenders/<slug>.md section. */
  source: string
  /** "METHOD /path" as the document writes it. */
  endpoint: string
  status?: number
  request?: unknown
  response?: unknown
  notes?: string
}

export function documentedDir(lender: LenderSlug): string {
  return path.join(repoRoot, "src", "lenders", lender, "__tests__", "documented")
}

/** Loads `src/lenders/<lender>/__tests__/documented/<name>.json` and checks that it cites a source. */
export function loadDocumented(lender: LenderSlug, name: string): DocumentedExample {
  const file = path.join(documentedDir(lender), name.endsWith(".json") ? name : `${name}.json`)
  const example = JSON.parse(fs.readFileSync(file, "utf8")) as DocumentedExample
  if (typeof example.source !== "string" || example.source.trim().length < 5) {
    throw new Error(`${path.relative(repoRoot, file)} must cite its source ("source": seed or lender-doc section)`)
  }
  if (typeof example.endpoint !== "string" || !/^[A-Z]+ \//.test(example.endpoint)) {
    throw new Error(`${path.relative(repoRoot, file)} must name its endpoint as "METHOD /path"`)
  }
  return example
}

/** Every documented example of a lender, by file name without `.json`. */
export function allDocumented(lender: LenderSlug): Record<string, DocumentedExample> {
  const dir = documentedDir(lender)
  const out: Record<string, DocumentedExample> = {}
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    out[file.replace(/\.json$/, "")] = loadDocumented(lender, file)
  }
  return out
}

type JsonType = "null" | "array" | "object" | "string" | "number" | "boolean"

function jsonType(value: unknown): JsonType {
  if (value === null || value === undefined) return "null"
  if (Array.isArray(value)) return "array"
  return typeof value as JsonType
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key
}

/**
 * The paths of `actual` that `documented` does not show, and the paths whose JSON type differs
 * (written `path (string documented, object here)`). Arrays are compared element by element
 * against the union of the documented elements.
 */
export function undocumentedPaths(actual: unknown, documented: unknown, prefix = ""): string[] {
  const found: string[] = []
  const docType = jsonType(documented)
  const actType = jsonType(actual)
  if (docType === "null" || actType === "null") return found
  if (docType !== actType) {
    found.push(`${prefix || "(root)"} (${docType} documented, ${actType} here)`)
    return found
  }
  if (actType === "array") {
    const docItems = documented as unknown[]
    if (!docItems.length) return found
    const union = docItems.reduce<unknown>((acc, item) => mergeExamples(acc, item), undefined)
    for (const item of actual as unknown[]) found.push(...undocumentedPaths(item, union, `${prefix}[]`))
    return unique(found)
  }
  if (actType === "object") {
    const doc = documented as Record<string, unknown>
    for (const [key, value] of Object.entries(actual as Record<string, unknown>)) {
      const at = join(prefix, key)
      if (!(key in doc)) found.push(at)
      else found.push(...undocumentedPaths(value, doc[key], at))
    }
  }
  return found
}

/** The documented paths `actual` lacks (for fields a document marks as always present). */
export function missingPaths(actual: unknown, documented: unknown, prefix = ""): string[] {
  const found: string[] = []
  if (jsonType(documented) !== "object" || jsonType(actual) !== "object") return found
  const act = actual as Record<string, unknown>
  for (const [key, value] of Object.entries(documented as Record<string, unknown>)) {
    const at = join(prefix, key)
    if (!(key in act)) found.push(at)
    else found.push(...missingPaths(act[key], value, at))
  }
  return found
}

function mergeExamples(a: unknown, b: unknown): unknown {
  if (a === undefined) return b
  if (jsonType(a) === "object" && jsonType(b) === "object") {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) }
    for (const [k, v] of Object.entries(b as Record<string, unknown>)) out[k] = k in out ? mergeExamples(out[k], v) : v
    return out
  }
  return a === null ? b : a
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}

/**
 * The names the lender's page lists as assumptions: backticked tokens in the first column of
 * every table row inside its "## Assumptions…" section (up to the next "## " heading).
 */
export function listedAssumptions(lender: LenderSlug): Set<string> {
  const page = fs.readFileSync(path.join(repoRoot, "docs", "lenders", `${lender}.md`), "utf8").split("\n")
  const names = new Set<string>()
  let inside = false
  for (const line of page) {
    if (/^## /.test(line)) inside = /^## Assumptions/.test(line)
    if (!inside || !line.startsWith("|")) continue
    const firstCell = line.split("|")[1] ?? ""
    for (const match of firstCell.matchAll(/`([^`]+)`/g)) names.add(match[1].trim())
  }
  return names
}

/** Strips a `(x documented, y here)` note so a type difference is allowed by listing its path. */
function pathOf(entry: string): string {
  return entry.replace(/ \(.*\)$/, "")
}

/**
 * Throws, naming each path, when `actual` has a field or type no documented example shows and the
 * lender's assumptions table does not list it. `documented` may be several examples of one endpoint
 * (e.g. the 3.0 and 3.1 pages); their union is the documented shape.
 */
export function expectDocumentedShape(
  lender: LenderSlug,
  actual: unknown,
  documented: DocumentedExample | DocumentedExample[],
  part: "response" | "request" = "response",
): void {
  const examples = Array.isArray(documented) ? documented : [documented]
  const shape = examples.map((e) => e[part]).reduce<unknown>((acc, item) => mergeExamples(acc, item), undefined)
  const listed = listedAssumptions(lender)
  const unlisted = undocumentedPaths(actual, shape).filter((entry) => !listed.has(pathOf(entry)))
  if (unlisted.length) {
    throw new Error(
      `${examples[0].endpoint} ${part} has what no document shows and docs/lenders/${lender}.md's assumptions do not list:\n  ` +
        unlisted.join("\n  ") +
        `\n(documented: ${examples.map((e) => e.source).join("; ")})`,
    )
  }
}

/** Throws unless `code` is one the documents show or the lender's assumptions table lists. */
export function expectDocumentedCode(lender: LenderSlug, code: string, documentedCodes: readonly string[]): void {
  if (documentedCodes.includes(code)) return
  if (listedAssumptions(lender).has(code)) return
  throw new Error(
    `${lender}: error code "${code}" is in no document and not listed in docs/lenders/${lender}.md's assumptions`,
  )
}
