import fc from "fast-check"
import { createRedactor, REDACTED } from "../redact"

describe("createRedactor().object", () => {
  const redactor = createRedactor()

  it.each([
    "api_key",
    "apiKey",
    "x-api-key",
    "secret",
    "client_secret",
    "clientSecret",
    "password",
    "signature",
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "identityToken",
    "Authorization",
    "customer-token",
    "Customer-Access-Token",
    "sca-token",
    "scaToken",
    "ssn",
    "social_security_number",
    "dob",
    "dateOfBirth",
    "date_of_birth",
    "date-of-birth",
    "birth_date",
    "bank_account",
    "account_number",
    "routingNumber",
    "sort_code",
    "iban",
    "card_number",
    "cvv",
    "cvc",
    "income",
    "monthlyIncome",
    "otp",
    "sca_code",
    "verification_code",
    "Ocp-Apim-Subscription-Key",
    "passphrase",
  ])("redacts %s", (key) => {
    expect(redactor.object({ [key]: "v4lue-123" })).toEqual({ [key]: REDACTED })
  })

  it.each([
    "key",
    "idempotency-key",
    "code",
    "currencyCode",
    "postcode",
    "orderId",
    "status",
    "lenderCode",
    "tokenType",
    "amount",
  ])("keeps %s (generic names that carry no secret)", (key) => {
    expect(redactor.object({ [key]: "v4lue-123" })).toEqual({ [key]: "v4lue-123" })
  })

  it("walks arrays and nested objects, keeps flags and absent values, summarises binary", () => {
    const input = {
      users: [{ token: "abc12345", name: "Ada", withToken: true, ssn: null, password: "" }],
      deep: { a: { b: { cardNumber: 4111111111111111 } } },
      file: Buffer.from("PDF!"),
      when: new Date("2024-01-02T00:00:00Z"),
    }
    expect(redactor.object(input)).toEqual({
      users: [{ token: REDACTED, name: "Ada", withToken: true, ssn: null, password: "" }],
      deep: { a: { b: { cardNumber: REDACTED } } },
      file: "[binary 4 bytes]",
      when: new Date("2024-01-02T00:00:00Z"),
    })
  })

  it("survives circular references and keeps shared (non-circular) ones", () => {
    const shared = { id: 1 }
    const node: Record<string, unknown> = { name: "root", left: shared, right: shared }
    node.self = node
    expect(redactor.object(node)).toEqual({ name: "root", left: { id: 1 }, right: { id: 1 }, self: "[Circular]" })
  })

  it("never mutates its input", () => {
    const input = Object.freeze({ secret: "s3cret!!", nested: Object.freeze({ password: "pw123456", keep: 1 }) })
    const before = JSON.stringify(input)
    const out = redactor.object(input)
    expect(JSON.stringify(input)).toBe(before)
    expect(out).not.toBe(input)
  })

  it("adds configured fields to the defaults rather than replacing them", () => {
    const custom = createRedactor({ fields: ["mobilePhone"] })
    expect(custom.object({ mobile_phone: "555", password: "x1234", city: "Leeds" })).toEqual({
      mobile_phone: REDACTED,
      password: REDACTED,
      city: "Leeds",
    })
  })

  it("redacts errors to name + scrubbed message, without the stack", () => {
    const r = createRedactor({ secretValues: ["sk_live_123456"] })
    const err = Object.assign(new Error("bad key sk_live_123456"), { code: "E1", token: "t0k3n123" })
    expect(r.object({ err })).toEqual({
      err: { name: "Error", message: `bad key ${REDACTED}`, code: "E1", token: REDACTED },
    })
  })
})

describe("createRedactor().headers / url / text", () => {
  it("redacts sensitive headers whatever their case, and configured extras", () => {
    const r = createRedactor({ headers: ["x-merchant-pin"], secretValues: ["abcd-secret"] })
    expect(
      r.headers({
        Authorization: "Bearer abc",
        "CUSTOMER-TOKEN": "ct",
        "x-merchant-pin": "9999",
        "content-type": "application/json",
        "x-note": "uses abcd-secret",
        "set-cookie": ["a=b"],
      }),
    ).toEqual({
      Authorization: REDACTED,
      "CUSTOMER-TOKEN": REDACTED,
      "x-merchant-pin": REDACTED,
      "content-type": "application/json",
      "x-note": `uses ${REDACTED}`,
      "set-cookie": REDACTED,
    })
  })

  it("redacts sensitive query parameters and URL passwords, keeping everything else", () => {
    const r = createRedactor()
    expect(r.url("/status?api_key=abc123&signature=ff00&token=3f73&order_id=42#frag")).toBe(
      `/status?api_key=${REDACTED}&signature=${REDACTED}&token=${REDACTED}&order_id=42#frag`,
    )
    expect(r.url("https://user:pa55word@lender.test/x?sendLink=true&date%5Fof%5Fbirth=1990")).toBe(
      `https://user:${REDACTED}@lender.test/x?sendLink=true&date%5Fof%5Fbirth=${REDACTED}`,
    )
    expect(r.url("/plain/path")).toBe("/plain/path")
  })

  it("replaces configured secrets (also URL-encoded), bearer tokens, JWTs and key=value pairs in text", () => {
    const r = createRedactor({ secretValues: ["s3cr3t/+=value", "abc"] })
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl"
    const text = r.text(
      `key s3cr3t/+=value, encoded ${encodeURIComponent("s3cr3t/+=value")}, Authorization: Bearer xyz.987 jwt ${jwt} ` +
        `?client_secret=qq11&page=2 {"password":"pw","amount":5} abc stays (too short to be a secret)`,
    )
    expect(text).not.toMatch(/s3cr3t|xyz\.987|eyJ|qq11|"pw"/)
    expect(text).toContain("page=2")
    expect(text).toContain('"amount":5')
    expect(text).toContain("abc stays")
  })

  it("learns secrets added later", () => {
    const r = createRedactor()
    expect(r.text("token-value-1")).toBe("token-value-1")
    r.addSecretValues(["token-value-1", undefined, null])
    expect(r.text("x token-value-1 y")).toBe(`x ${REDACTED} y`)
  })
})

describe("createRedactor: properties", () => {
  const secretArb = fc.stringMatching(/^[A-Za-z0-9]{8,24}$/)

  it("a configured secret never survives object(), wherever it is nested", () => {
    fc.assert(
      fc.property(secretArb, fc.jsonValue(), fc.string(), fc.string(), (secret, json, before, after) => {
        const r = createRedactor({ secretValues: [secret] })
        const planted = {
          payload: json,
          list: [json, `${before}${secret}${after}`],
          note: `${before}${secret}${after}`,
          byRef: { [secret]: json },
        }
        expect(JSON.stringify(r.object(planted))).not.toContain(secret)
      }),
      { numRuns: 200 },
    )
  })

  it("a configured secret never survives text() or url()", () => {
    fc.assert(
      fc.property(secretArb, fc.string(), fc.string(), (secret, before, after) => {
        const r = createRedactor({ secretValues: [secret] })
        expect(r.text(`${before}${secret}${after}${secret}`)).not.toContain(secret)
        expect(r.url(`/p/${secret}?q=${before.length}&v=${secret}`)).not.toContain(secret)
      }),
      { numRuns: 200 },
    )
  })

  it("object() never mutates and keeps the shape of non-sensitive data", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const r = createRedactor()
        const before = JSON.stringify(json)
        r.object(json)
        expect(JSON.stringify(json)).toBe(before)
      }),
      { numRuns: 200 },
    )
  })

  it("any spelling of a sensitive name is redacted (case, '-', '_')", () => {
    const spelling = fc
      .constantFrom(
        ["date", "of", "birth"],
        ["client", "secret"],
        ["sca", "token"],
        ["routing", "number"],
        ["api", "key"],
      )
      .chain((words) =>
        fc
          .tuple(
            fc.constantFrom("", "-", "_"),
            fc.array(fc.boolean(), { minLength: words.length, maxLength: words.length }),
          )
          .map(([sep, upper]) => words.map((w, i) => (upper[i] ? w.toUpperCase() : w)).join(sep)),
      )
    fc.assert(
      fc.property(spelling, fc.string({ minLength: 1 }), (key, value) => {
        expect(createRedactor().object({ [key]: value })[key]).toBe(REDACTED)
      }),
      { numRuns: 200 },
    )
  })
})
