// A minimal, dependency-free PDF 1.4 writer for text documents (invoices): A4 pages, the
// standard Helvetica fonts (no embedding needed), WinAnsi text, automatic page breaks and a
// correct cross-reference table, so any PDF reader — and Payment Assist's payout team — opens it.

export interface PdfLine {
  text: string
  bold?: boolean
  /** Points; default 10. */
  size?: number
  /** Extra space before the line, in points. */
  gapBefore?: number
}

export interface PdfOptions {
  title?: string
  author?: string
}

const PAGE_WIDTH = 595 // A4 in points
const PAGE_HEIGHT = 842
const MARGIN = 56
const LEADING = 1.4

/** Text → PDF string literal bytes: WinAnsi (Latin-1 covers £, é…), escaped, unknown chars as '?'. */
function pdfString(text: string): string {
  let out = ""
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    const byte = code === 0x20ac ? 0x80 : code <= 0xff ? code : 0x3f // € is 0x80 in WinAnsi
    const c = String.fromCharCode(byte)
    out += c === "\\" || c === "(" || c === ")" ? `\\${c}` : byte < 0x20 ? " " : c
  }
  return `(${out})`
}

function paginate(lines: PdfLine[]): PdfLine[][] {
  const pages: PdfLine[][] = [[]]
  let y = PAGE_HEIGHT - MARGIN
  for (const line of lines) {
    const height = (line.size ?? 10) * LEADING + (line.gapBefore ?? 0)
    if (y - height < MARGIN && pages[pages.length - 1].length > 0) {
      pages.push([])
      y = PAGE_HEIGHT - MARGIN
    }
    pages[pages.length - 1].push(line)
    y -= height
  }
  return pages
}

function contentStream(lines: PdfLine[]): string {
  const ops: string[] = []
  let y = PAGE_HEIGHT - MARGIN
  for (const line of lines) {
    const size = line.size ?? 10
    y -= size * LEADING + (line.gapBefore ?? 0)
    ops.push(`BT /${line.bold ? "F2" : "F1"} ${size} Tf ${MARGIN} ${y.toFixed(2)} Td ${pdfString(line.text)} Tj ET`)
  }
  return ops.join("\n")
}

export function renderTextPdf(lines: PdfLine[], options: PdfOptions = {}): Buffer {
  const pages = paginate(lines.length ? lines : [{ text: "" }])
  const objects: string[] = []
  const add = (body: string) => objects.push(body) // object number = index + 1

  add("<< /Type /Catalog /Pages 2 0 R >>")
  const firstPageObject = 6
  const kids = pages.map((_, i) => `${firstPageObject + i * 2} 0 R`).join(" ")
  add(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`)
  add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
  add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
  add(
    `<< /Producer ${pdfString("medusa-plugin-financing")}${options.title ? ` /Title ${pdfString(options.title)}` : ""}${options.author ? ` /Author ${pdfString(options.author)}` : ""} >>`,
  )
  for (const [i, pageLines] of pages.entries()) {
    const contentObject = firstPageObject + i * 2 + 1
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${contentObject} 0 R >>`,
    )
    const stream = contentStream(pageLines)
    add(`<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`)
  }

  // Offsets are in bytes, so everything is measured in the Latin-1 encoding it is written in.
  let pdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, "latin1"))
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xrefAt = Buffer.byteLength(pdf, "latin1")
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  pdf += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`
  return Buffer.from(pdf, "latin1")
}
