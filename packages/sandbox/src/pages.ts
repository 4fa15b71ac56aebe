// Helpers for the hosted pages shoppers see in the demo and browser tests click through.
// Conventions: semantic <form>/<button>, a data-testid on everything a test needs, and a banner
// that makes it impossible to mistake a sandbox page for a real lender.
import type { Response } from "express"
import { html, raw, SafeHtml } from "./html"
import { PAGE_CSS } from "./page-style"

export { html, raw, escapeHtml, SafeHtml } from "./html"

export type QueryParams = Record<string, string | number | boolean | null | undefined>

export interface PageOptions {
  /** Lender display name, shown in the SANDBOX banner and the <title>. */
  lender: string
  title: string
  /** Markup from html``; a plain string is treated as text and escaped. */
  body: SafeHtml | string
  /** HTTP status used by sendPage (default 200). */
  status?: number
}

export function renderPage({ lender, title, body }: PageOptions): string {
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · ${lender} (sandbox)</title>
<style>${raw(PAGE_CSS)}</style>
</head>
<body>
<header class="sandbox-banner" role="note" data-testid="sandbox-banner"><strong>SANDBOX</strong>${lender}: a local simulator, no real credit checks or money.</header>
<main data-testid="sandbox-page">
<h1 data-testid="page-title">${title}</h1>
${body}
</main>
</body>
</html>`}\n`
}

export function sendPage(res: Response, opts: PageOptions): void {
  res
    .status(opts.status ?? 200)
    .set({ "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
    .send(renderPage(opts))
}

export interface FieldSpec {
  name: string
  label?: string
  type?: "text" | "email" | "tel" | "number" | "password" | "date" | "hidden" | "select" | "checkbox"
  value?: string | number | boolean
  required?: boolean
  placeholder?: string
  autocomplete?: string
  hint?: string
  /** For type "select": values, or value/label pairs. */
  options?: Array<string | { value: string; label: string }>
  /** Defaults to `field-<name>`. */
  testId?: string
}

function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`
}

function renderField(f: FieldSpec): SafeHtml {
  const testId = f.testId ?? `field-${f.name}`
  const type = f.type ?? "text"
  // String(): html`` drops `false`, but a field value of false must still be submitted as "false".
  const value = String(f.value ?? "")
  if (type === "hidden") return html`<input type="hidden" name="${f.name}" value="${value}" data-testid="${testId}">`
  const id = fieldId(f.name)
  const hint = f.hint ? html`<p class="hint">${f.hint}</p>` : ""
  if (type === "checkbox") {
    return html`<label class="check"><input type="checkbox" id="${id}" name="${f.name}" value="true"${f.value === true || f.value === "true" ? raw(" checked") : ""}${f.required ? raw(" required") : ""} data-testid="${testId}"> ${f.label ?? f.name}</label>${hint}`
  }
  const label = html`<label for="${id}">${f.label ?? f.name}</label>`
  const required = f.required ? raw(" required") : ""
  if (type === "select") {
    const options = (f.options ?? []).map((o) => {
      const { value: optionValue, label: text } = typeof o === "string" ? { value: o, label: o } : o
      return html`<option value="${optionValue}"${value === optionValue ? raw(" selected") : ""}>${text}</option>`
    })
    return html`${label}<select id="${id}" name="${f.name}"${required} data-testid="${testId}">${options}</select>${hint}`
  }
  const optional = [
    f.value !== undefined ? html` value="${value}"` : "",
    f.placeholder ? html` placeholder="${f.placeholder}"` : "",
    f.autocomplete ? html` autocomplete="${f.autocomplete}"` : "",
  ]
  return html`${label}<input type="${type}" id="${id}" name="${f.name}"${optional}${required} data-testid="${testId}">${hint}`
}

/** Labelled inputs (and hidden ones) for a hosted form. */
export function formFields(fields: FieldSpec[]): SafeHtml {
  return html`${fields.map(renderField)}`
}

/** Hidden inputs carrying state through a form; null/undefined values are left out. */
export function hiddenFields(values: QueryParams): SafeHtml {
  return formFields(
    Object.entries(values)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([name, value]) => ({ name, type: "hidden" as const, value: value as string | number | boolean })),
  )
}

export interface ButtonOptions {
  label: string
  testId: string
  /** name/value are submitted with the form, so one form can offer Approve / Decline buttons. */
  name?: string
  value?: string
  variant?: "primary" | "secondary" | "danger"
}

export function button(opts: ButtonOptions): SafeHtml {
  const nameValue = opts.name ? html` name="${opts.name}" value="${opts.value ?? ""}"` : ""
  return html`<button type="submit" class="${opts.variant ?? "primary"}"${nameValue} data-testid="${opts.testId}">${opts.label}</button>`
}

export interface PostFormOptions {
  action: string
  fields: QueryParams
  /** Explanation shown above the button. */
  message?: string
  submitLabel?: string
  /** Submit on load (the lender's real behaviour); the button stays for no-JS clients and tests. */
  autoSubmit?: boolean
}

/** Body of a page that form-POSTs back to the merchant, as widgets that report by browser POST do. */
export function postFormBody({ action, fields, message, submitLabel, autoSubmit }: PostFormOptions): SafeHtml {
  return html`${message ? html`<p>${message}</p>` : ""}<form method="post" action="${action}" id="sandbox-post-form" data-testid="post-form">
${hiddenFields(fields)}
<div class="actions">${button({ label: submitLabel ?? "Continue", testId: "post-form-submit" })}</div>
</form>${autoSubmit ? raw(`<script>document.getElementById("sandbox-post-form").submit()</script>`) : ""}`
}

/**
 * Appends query parameters to a URL that may already carry a query string and/or a #fragment.
 * The existing query is kept byte for byte (lenders sign only what they append, and merchants
 * verify that way); null/undefined values are skipped. Only http(s) or relative URLs are accepted,
 * so a merchant-supplied `javascript:` return URL can never become a redirect.
 */
export function redirectWithParams(url: string, params: QueryParams): string {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase()
  if (scheme && scheme !== "http" && scheme !== "https") throw new TypeError(`Refusing to redirect to a ${scheme}: URL`)
  const hashAt = url.indexOf("#")
  const base = hashAt === -1 ? url : url.slice(0, hashAt)
  const fragment = hashAt === -1 ? "" : url.slice(hashAt)
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join("&")
  if (!query) return url
  const separator = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&"
  return `${base}${separator}${query}${fragment}`
}
