import { button, formFields, hiddenFields, html, postFormBody, raw, redirectWithParams, renderPage } from "../pages"
import { startTestSandbox } from "./helpers"

describe("html``", () => {
  it("escapes interpolated <script>, quotes and ampersands", () => {
    const name = `<script>alert("x")</script>`
    const attr = `" onmouseover='evil()`
    const out = html`<p title="${attr}">${name} & ${"a&b"}</p>`.toString()
    expect(out).toBe(
      `<p title="&quot; onmouseover=&#39;evil()">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; & a&amp;b</p>`,
    )
    expect(out).not.toContain("<script>")
  })

  it("passes nested html``, raw() and arrays through; drops null, undefined and false", () => {
    const items = ["<a>", "b"].map((x) => html`<li>${x}</li>`)
    expect(html`<ul>${items}</ul>${raw("<hr>")}${null}${undefined}${false}${0}`.toString()).toBe(
      "<ul><li>&lt;a&gt;</li><li>b</li></ul><hr>0",
    )
  })
})

describe("renderPage", () => {
  it("renders a complete document with the SANDBOX banner naming the lender and escaped content", () => {
    const page = renderPage({ lender: "Payment <Assist>", title: `Pay "now"`, body: html`<p>${"<b>"}</p>` })
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true)
    expect(page).toContain(
      '<header class="sandbox-banner" role="note" data-testid="sandbox-banner"><strong>SANDBOX</strong>Payment &lt;Assist&gt;',
    )
    expect(page).toContain("<title>Pay &quot;now&quot; · Payment &lt;Assist&gt; (sandbox)</title>")
    expect(page).toContain('<h1 data-testid="page-title">Pay &quot;now&quot;</h1>')
    expect(page).toContain("<p>&lt;b&gt;</p>")
    expect(page).toContain("<style>")
    expect(page.trimEnd().endsWith("</html>")).toBe(true)
  })

  it("treats a plain string body as text", () => {
    expect(renderPage({ lender: "L", title: "T", body: "<img src=x>" })).toContain("&lt;img src=x&gt;")
  })

  it("is served by ctx.pages.sendPage with the status, content type and lender name", async () => {
    const { sandbox, http } = await startTestSandbox()
    try {
      const res = await http.get("/payment-assist/page", { params: { name: `<script>x</script>` } })
      expect(res.status).toBe(202)
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8")
      expect(res.headers["cache-control"]).toBe("no-store")
      expect(res.data).toContain("<strong>SANDBOX</strong>Probe payment-assist")
      expect(res.data).toContain('<p data-testid="who">&lt;script&gt;x&lt;/script&gt;</p>')
      const handoff = await http.get("/payment-assist/handoff")
      expect(handoff.data).toContain(
        '<form method="post" action="https://shop.test/cb" id="sandbox-post-form" data-testid="post-form">',
      )
      expect(handoff.data).toContain('name="code" value="c&lt;1&gt;"')
    } finally {
      await sandbox.close()
    }
  })
})

describe("form helpers", () => {
  it("formFields renders labelled inputs with stable test ids, escaping values", () => {
    const out = formFields([
      { name: "first_name", label: "First name", value: `O"Brien`, required: true, autocomplete: "given-name" },
      { name: "plan", type: "select", label: "Plan", value: "b", options: ["a", { value: "b", label: "Plan <B>" }] },
      { name: "agree", type: "checkbox", label: "I agree", value: true },
      { name: "token", type: "hidden", value: "t<1>" },
    ]).toString()
    expect(out).toContain(
      '<label for="f-first_name">First name</label><input type="text" id="f-first_name" name="first_name" value="O&quot;Brien" autocomplete="given-name" required data-testid="field-first_name">',
    )
    expect(out).toContain('<option value="b" selected>Plan &lt;B&gt;</option>')
    expect(out).toContain(
      '<input type="checkbox" id="f-agree" name="agree" value="true" checked data-testid="field-agree"> I agree',
    )
    expect(out).toContain('<input type="hidden" name="token" value="t&lt;1&gt;" data-testid="field-token">')
  })

  it("hiddenFields skips null/undefined; button carries name/value and a test id", () => {
    expect(hiddenFields({ a: 1, b: undefined, c: null, d: false }).toString()).toBe(
      '<input type="hidden" name="a" value="1" data-testid="field-a"><input type="hidden" name="d" value="false" data-testid="field-d">',
    )
    expect(button({ label: "Approve", testId: "approve", name: "decision", value: "approve" }).toString()).toBe(
      '<button type="submit" class="primary" name="decision" value="approve" data-testid="approve">Approve</button>',
    )
  })

  it("postFormBody posts hidden fields to the action, auto-submitting only if asked", () => {
    const body = postFormBody({
      action: "https://shop.test/cb?x=1&y=2",
      fields: { code: "abc" },
      autoSubmit: true,
    }).toString()
    expect(body).toContain('<form method="post" action="https://shop.test/cb?x=1&amp;y=2"')
    expect(body).toContain('name="code" value="abc"')
    expect(body).toContain('document.getElementById("sandbox-post-form").submit()')
    expect(postFormBody({ action: "/x", fields: {} }).toString()).not.toContain("<script>")
  })
})

describe("redirectWithParams", () => {
  it.each([
    [
      "https://shop.test/return",
      { token: "t1", status: "success" },
      "https://shop.test/return?token=t1&status=success",
    ],
    ["https://shop.test/return?cart=c_1", { token: "t1" }, "https://shop.test/return?cart=c_1&token=t1"],
    ["https://shop.test/return?", { token: "t1" }, "https://shop.test/return?token=t1"],
    ["https://shop.test/return?a=1&", { token: "t1" }, "https://shop.test/return?a=1&token=t1"],
    ["https://shop.test/return#step-2", { token: "t1" }, "https://shop.test/return?token=t1#step-2"],
    [
      "https://shop.test/r?q=a%20b+c#frag?x=1",
      { s: "a b&c=d/é" },
      "https://shop.test/r?q=a%20b+c&s=a%20b%26c%3Dd%2F%C3%A9#frag?x=1",
    ],
    ["/relative/path", { n: 2, skip: undefined, none: null, ok: false }, "/relative/path?n=2&ok=false"],
    ["https://shop.test/r?x=1", {}, "https://shop.test/r?x=1"],
  ])("%s + %j → %s", (url, params, expected) => {
    expect(redirectWithParams(url, params)).toBe(expected)
  })

  it("refuses non-http(s) schemes", () => {
    expect(() => redirectWithParams("javascript:alert(1)", { a: 1 })).toThrow(/javascript/)
    expect(() => redirectWithParams("data:text/html,x", { a: 1 })).toThrow()
  })
})
