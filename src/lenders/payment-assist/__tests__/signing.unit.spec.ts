import { sign, stringToSign, verify, verifyRedirectSignature } from "../signing"
import { parseWebhookPayload, signWebhook, verifyWebhookSignature } from "../webhook-signature"
import { phpString, signatureFor } from "../../../../packages/sandbox/src/payment-assist/signature"

describe("Payment Assist request signing (spec §3)", () => {
  it("matches the spec's known-answer vector for test/test2 (GO helpers_test.go, CS RequestHelpersTest.cs)", () => {
    const params = { test: "test", test2: "test2" }
    expect(stringToSign(params)).toBe("TEST=test&TEST2=test2&")
    expect(sign(params, "secret")).toBe("7eba7f616af343d16ff09e242362345e6cfb09d24b78a73c81d267f049fc47c2")
  })

  it("signs the empty string when there are no parameters (e.g. /account)", () => {
    expect(stringToSign({})).toBe("")
    expect(sign({}, "secret")).toBe("f9e66e179b6747ae54108f82f8ade8b3c25d76fd30afde6c395822c530196169")
  })

  it("leaves api_key and signature out, whatever their case", () => {
    const withAuth = { test: "test", test2: "test2", api_key: "k", SIGNATURE: "x" }
    expect(sign(withAuth, "secret")).toBe("7eba7f616af343d16ff09e242362345e6cfb09d24b78a73c81d267f049fc47c2")
  })

  it("sorts by the original lower-case names, so f_name comes before failure_url and s_name before send_email", () => {
    const text = stringToSign({
      failure_url: "f",
      f_name: "Jane",
      success_url: "s",
      send_sms: "false",
      s_name: "Doe",
      send_email: "true",
    })
    expect(text).toBe("F_NAME=Jane&FAILURE_URL=f&S_NAME=Doe&SEND_EMAIL=true&SEND_SMS=false&SUCCESS_URL=s&")
  })

  it("uses values exactly as sent: not URL-encoded, trimmed or case-changed", () => {
    expect(stringToSign({ success_url: "https://shop.test/return?a=1&b= 2", postcode: "sw1a 1aa" })).toBe(
      "POSTCODE=sw1a 1aa&SUCCESS_URL=https://shop.test/return?a=1&b= 2&",
    )
  })

  it("keys the HMAC with the whole secret, prefix included", () => {
    expect(sign({ a: "1" }, "demo_abc")).not.toBe(sign({ a: "1" }, "abc"))
  })

  it("verifies in constant time and rejects wrong, missing or differently-sized signatures", () => {
    const good = sign({ token: "t" }, "secret")
    expect(verify({ token: "t" }, good, "secret")).toBe(true)
    expect(verify({ token: "t" }, good.toUpperCase(), "secret")).toBe(true)
    expect(verify({ token: "u" }, good, "secret")).toBe(false)
    expect(verify({ token: "t" }, good.slice(1), "secret")).toBe(false)
    expect(verify({ token: "t" }, undefined, "secret")).toBe(false)
  })

  it("agrees with the sandbox's independent PHP-style server implementation", () => {
    const params = { order_id: "payses_1", amount: "45000", f_name: "Jane", failure_url: "https://x/f" }
    expect(signatureFor(params, "demo_s")).toBe(sign(params, "demo_s"))
    expect(signatureFor({ test: "test", test2: "test2" }, "secret")).toBe(
      "7eba7f616af343d16ff09e242362345e6cfb09d24b78a73c81d267f049fc47c2",
    )
    expect([phpString(true), phpString(false), phpString(null), phpString(50000), phpString({ a: 1 })]).toEqual([
      "1",
      "",
      "",
      "50000",
      "Array",
    ])
  })
})

describe("redirect signature (spec §3.1)", () => {
  const token = "0138ef43-f703-41cb-8f08-f36f41b47560"
  const signature = sign({ status: "success", token }, "demo_secret")

  it("is STATUS=…&TOKEN=…& over only the appended parameters", () => {
    expect(stringToSign({ status: "success", token })).toBe(`STATUS=success&TOKEN=${token}&`)
    expect(verifyRedirectSignature({ token, status: "success", signature }, "demo_secret")).toBe(true)
  })

  it("fails when the status or token was changed, or a part is missing", () => {
    expect(verifyRedirectSignature({ token, status: "failed", signature }, "demo_secret")).toBe(false)
    expect(
      verifyRedirectSignature({ token: token.replace("0", "1"), status: "success", signature }, "demo_secret"),
    ).toBe(false)
    expect(verifyRedirectSignature({ token, status: "success" }, "demo_secret")).toBe(false)
    expect(verifyRedirectSignature({ token, status: "success", signature }, "demo_other")).toBe(false)
  })
})

describe("webhook signature schemes (spec §6, unconfirmed)", () => {
  const payload = {
    event_name: "application.completed",
    event_data: { token: "tok-1" },
    event_time: "2020-09-10 14:31:05 UTC",
  }

  it("json binds the token; php-array and scalars do not", () => {
    const json = signWebhook(payload, "s", "json")
    expect(json).toBe(
      sign({ event_name: payload.event_name, event_time: payload.event_time, event_data: '{"token":"tok-1"}' }, "s"),
    )
    expect(signWebhook(payload, "s", "php-array")).toBe(
      sign({ event_data: "Array", event_name: payload.event_name, event_time: payload.event_time }, "s"),
    )
    const moved = { ...payload, event_data: { token: "tok-2" }, signature: json }
    expect(verifyWebhookSignature(moved, "s", "json")).toBe(false)
  })

  it("accepts only the configured scheme, or any of the three with 'any'", () => {
    const scalars = { ...payload, signature: signWebhook(payload, "s", "scalars") }
    expect(verifyWebhookSignature(scalars, "s", "json")).toBe(false)
    expect(verifyWebhookSignature(scalars, "s", "scalars")).toBe(true)
    expect(verifyWebhookSignature(scalars, "s", "any")).toBe(true)
    expect(verifyWebhookSignature({ ...scalars, signature: "0".repeat(64) }, "s", "any")).toBe(false)
  })

  it("by default accepts what Payment Assist may send (php-array, json or scalars), each only with the dealer secret", () => {
    for (const scheme of ["php-array", "json", "scalars"] as const) {
      const signed = { ...payload, signature: signWebhook(payload, "demo_dealer", scheme) }
      expect([scheme, verifyWebhookSignature(signed, "demo_dealer")]).toEqual([scheme, true])
      expect([scheme, verifyWebhookSignature(signed, "demo_other")]).toEqual([scheme, false])
      // The signed event name and time stay bound whatever the scheme.
      expect([scheme, verifyWebhookSignature({ ...signed, event_name: "application.failed" }, "demo_dealer")]).toEqual([
        scheme,
        false,
      ])
      expect([
        scheme,
        verifyWebhookSignature({ ...signed, event_time: "2020-09-11 14:31:05 UTC" }, "demo_dealer"),
      ]).toEqual([scheme, false])
    }
  })

  it("names the first malformed field of an untrusted body", () => {
    expect(parseWebhookPayload(null)).toEqual({ ok: false, field: "body" })
    expect(parseWebhookPayload({ ...payload, signature: "x", event_data: { token: 5 } })).toEqual({
      ok: false,
      field: "event_data.token",
    })
    expect(parseWebhookPayload({ ...payload })).toEqual({ ok: false, field: "signature" })
    expect(parseWebhookPayload({ ...payload, signature: "x" })).toMatchObject({ ok: true })
  })
})
