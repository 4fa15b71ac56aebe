// Webhook verification over the raw body: good, bad (tampered, wrong secret, missing, malformed,
// re-serialised) and replayed deliveries, with the header name and scheme configurable.
import {
  parseVaultWebhookPayload,
  processOnce,
  signVaultWebhook,
  verifyVaultWebhook,
  VaultWebhookPayloadError,
  type DeliveryStore,
} from "../webhook"

const SECRET = "whsec_test"
// The amount is written "450.00": JSON.parse + stringify would turn it into 450 and break the MAC.
const BODY =
  '{"payload":{"paymentId":"p-1","invoiceId":"i-1","status":"SUCCESS","amount":450.00,"currency":"GBP","paymentDate":1735689600000}}'

describe("verifyVaultWebhook", () => {
  it("accepts a correct hex HMAC-SHA256 of the raw body, header name case-insensitive", () => {
    const signature = signVaultWebhook(BODY, SECRET)
    expect(signature).toMatch(/^[0-9a-f]{64}$/)
    expect(verifyVaultWebhook(Buffer.from(BODY), { "X-Signature": signature }, { secret: SECRET })).toEqual({
      ok: true,
    })
  })

  it("rejects a tampered body, a wrong secret, a missing or malformed header", () => {
    const signature = signVaultWebhook(BODY, SECRET)
    const tampered = BODY.replace("SUCCESS", "FAILED")
    expect(verifyVaultWebhook(tampered, { "x-signature": signature }, { secret: SECRET })).toEqual({
      ok: false,
      reason: "bad_signature",
    })
    expect(verifyVaultWebhook(BODY, { "x-signature": signVaultWebhook(BODY, "other") }, { secret: SECRET })).toEqual({
      ok: false,
      reason: "bad_signature",
    })
    expect(verifyVaultWebhook(BODY, {}, { secret: SECRET })).toEqual({ ok: false, reason: "missing_signature" })
    expect(verifyVaultWebhook(BODY, { "x-signature": "zz" }, { secret: SECRET })).toEqual({
      ok: false,
      reason: "bad_signature",
    })
    expect(verifyVaultWebhook(BODY, { "x-signature": signature }, { secret: "" })).toEqual({
      ok: false,
      reason: "no_secret",
    })
  })

  it("fails when the body was re-serialised instead of kept raw", () => {
    const signature = signVaultWebhook(BODY, SECRET)
    const reserialised = JSON.stringify(JSON.parse(BODY))
    expect(reserialised).toContain('"amount":450,')
    expect(verifyVaultWebhook(reserialised, { "x-signature": signature }, { secret: SECRET }).ok).toBe(false)
  })

  it("supports other header names and schemes", () => {
    const prefixed = signVaultWebhook(BODY, SECRET, "sha256=hex")
    expect(prefixed.startsWith("sha256=")).toBe(true)
    expect(
      verifyVaultWebhook(
        BODY,
        { "vault-signature": prefixed },
        { secret: SECRET, header: "Vault-Signature", scheme: "sha256=hex" },
      ).ok,
    ).toBe(true)
    const b64 = signVaultWebhook(BODY, SECRET, "base64")
    expect(verifyVaultWebhook(BODY, { "x-signature": b64 }, { secret: SECRET, scheme: "base64" }).ok).toBe(true)
    // A hex signature presented where base64 is configured does not pass by accident.
    expect(
      verifyVaultWebhook(BODY, { "x-signature": signVaultWebhook(BODY, SECRET) }, { secret: SECRET, scheme: "base64" })
        .ok,
    ).toBe(false)
  })

  it('scheme "none" (Vault does not sign) accepts any delivery, the others still need the signature', () => {
    expect(verifyVaultWebhook(BODY, {}, { secret: "", scheme: "none" })).toEqual({ ok: true })
    expect(verifyVaultWebhook(BODY, {}, { secret: SECRET })).toEqual({ ok: false, reason: "missing_signature" })
    expect(verifyVaultWebhook(BODY, {}, { secret: "", scheme: "hex" })).toEqual({ ok: false, reason: "no_secret" })
  })
})

describe("replayed deliveries", () => {
  function memoryStore(): DeliveryStore & { keys: Set<string> } {
    const keys = new Set<string>()
    return { keys, wasProcessed: async (k) => keys.has(k), markProcessed: async (k) => void keys.add(k) }
  }

  it("a replay of a processed delivery is verified but not processed again", async () => {
    const store = memoryStore()
    const effect = jest.fn(async () => "captured")
    const signature = signVaultWebhook(BODY, SECRET)
    for (let i = 0; i < 3; i++) {
      expect(verifyVaultWebhook(BODY, { "x-signature": signature }, { secret: SECRET }).ok).toBe(true)
      await processOnce(store, BODY, effect)
    }
    expect(effect).toHaveBeenCalledTimes(1)
  })

  it("a replay with a changed status and the old signature is rejected", () => {
    const signature = signVaultWebhook(BODY, SECRET)
    const forged = BODY.replace('"status":"SUCCESS"', '"status":"FAILED"')
    expect(verifyVaultWebhook(forged, { "x-signature": signature }, { secret: SECRET }).ok).toBe(false)
  })

  it("a delivery whose processing failed is processed again when retried", async () => {
    const store = memoryStore()
    const effect = jest.fn().mockRejectedValueOnce(new Error("database down")).mockResolvedValueOnce("ok")
    await expect(processOnce(store, BODY, effect)).rejects.toThrow("database down")
    expect(await processOnce(store, BODY, effect)).toEqual({ duplicate: false, result: "ok" })
    expect(await processOnce(store, BODY, effect)).toEqual({ duplicate: true })
    expect(effect).toHaveBeenCalledTimes(2)
  })
})

describe("parseVaultWebhookPayload", () => {
  it("reads the wrapped payload, normalises the amount and an epoch paymentDate", () => {
    expect(parseVaultWebhookPayload(JSON.parse(BODY))).toEqual({
      paymentId: "p-1",
      invoiceId: "i-1",
      status: "SUCCESS",
      amount: "450.00",
      currency: "GBP",
      paymentDate: "2025-01-01T00:00:00.000Z",
      externalData: null,
    })
    expect(
      parseVaultWebhookPayload({
        paymentId: "p",
        invoiceId: "i",
        status: "failed",
        amount: "1.5",
        currency: "kwd",
        paymentDate: "2025-05-27T16:07:11.593Z",
      }),
    ).toMatchObject({
      status: "FAILED",
      amount: "1.500",
      currency: "KWD",
    })
  })

  it("names the missing or invalid field", () => {
    expect(() => parseVaultWebhookPayload({ payload: { invoiceId: "i" } })).toThrow(VaultWebhookPayloadError)
    expect(() => parseVaultWebhookPayload({ payload: { invoiceId: "i" } })).toThrow(/paymentId/)
    expect(() =>
      parseVaultWebhookPayload({ paymentId: "p", invoiceId: "i", amount: "1.234", currency: "GBP" }),
    ).toThrow(/amount/)
  })
})
