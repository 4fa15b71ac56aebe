// Applies docs/storefront/official-starter.md to a copy of the official starter's storefront, the
// way a developer following the page would: each `<!-- starter-edit {…} -->` marker names a file,
// an operation and an exact anchor, and the code block under it is the text to add. The edits come
// from the page itself, so the page is what the browser test proves. Every anchor must occur
// exactly once: an edit that no longer fits the starter fails loudly instead of being skipped.
//   node -r ts-node/register integration-tests/starter-storefront/apply-edits.ts <storefront-dir>
import fs from "node:fs"
import path from "node:path"

export const GUIDE = path.resolve(__dirname, "..", "..", "docs", "storefront", "official-starter.md")

export interface StarterEdit {
  op: "new" | "after" | "before" | "replace"
  file: string
  anchor?: string
  text: string
}

const MARKER = /<!-- starter-edit (\{.*?\}) -->\n```[a-z]*\n([\s\S]*?)```/g

export function readStarterEdits(markdown = fs.readFileSync(GUIDE, "utf8")): StarterEdit[] {
  const edits: StarterEdit[] = []
  for (const match of markdown.matchAll(MARKER)) {
    const spec = JSON.parse(match[1]) as Omit<StarterEdit, "text">
    if (!["new", "after", "before", "replace"].includes(spec.op))
      throw new Error(`starter-edit: unknown op "${spec.op}" for ${spec.file}`)
    if (spec.op !== "new" && !spec.anchor) throw new Error(`starter-edit: ${spec.op} in ${spec.file} has no anchor`)
    // A replaced anchor without its own line end keeps the block inline.
    const text = spec.op === "replace" && !spec.anchor!.endsWith("\n") ? match[2].replace(/\n$/, "") : match[2]
    edits.push({ ...spec, text })
  }
  return edits
}

function occurrences(haystack: string, needle: string): number {
  let count = 0
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++
  return count
}

/** Applies the edits in order; returns the files it touched (relative to the storefront). */
export function applyStarterEdits(storefrontDir: string, edits = readStarterEdits()): string[] {
  const touched = new Set<string>()
  for (const edit of edits) {
    const file = path.join(storefrontDir, edit.file)
    if (edit.op === "new") {
      if (fs.existsSync(file)) throw new Error(`starter-edit: ${edit.file} already exists in the starter`)
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(file, edit.text)
    } else {
      if (!fs.existsSync(file)) throw new Error(`starter-edit: ${edit.file} is not in the starter`)
      const source = fs.readFileSync(file, "utf8")
      const anchor = edit.anchor!
      const found = occurrences(source, anchor)
      if (found !== 1)
        throw new Error(
          `starter-edit: the anchor for ${edit.op} in ${edit.file} occurs ${found} times (expected once):\n${anchor}`,
        )
      const replacement =
        edit.op === "after" ? anchor + edit.text : edit.op === "before" ? edit.text + anchor : edit.text
      fs.writeFileSync(
        file,
        source.replace(anchor, () => replacement),
      )
    }
    touched.add(edit.file)
  }
  return [...touched]
}

if (require.main === module) {
  const dir = process.argv[2]
  if (!dir) {
    console.error("usage: apply-edits.ts <storefront-dir>")
    process.exit(2)
  }
  console.log(applyStarterEdits(path.resolve(dir)).join("\n"))
}
