// Hosted pages interpolate shopper- and merchant-supplied values (names, order ids, return URLs);
// escaping by default makes the safe thing the easy thing.

/** Markup that is already safe to embed; produced by html`` and raw(). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
}

export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"'`]/g, (ch) => ESCAPES[ch])
}

function renderValue(value: unknown): string {
  if (value instanceof SafeHtml) return value.value
  // null/undefined/false render nothing so `${cond && html`…`}` reads naturally.
  if (value === null || value === undefined || value === false) return ""
  if (Array.isArray(value)) return value.map(renderValue).join("")
  return escapeHtml(value)
}

/** Tagged template: every interpolation is escaped unless it is SafeHtml; arrays are concatenated. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]
  values.forEach((value, i) => {
    out += renderValue(value) + strings[i + 1]
  })
  return new SafeHtml(out)
}

/** Escape hatch for markup the caller built and trusts. Never pass request data through it. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup)
}
