// Money conversion across 0-, 2- and 3-decimal currencies: Medusa major units → Vault decimal
// strings → Checkout.com minor units and back, exactly.
import { MoneyError } from "../../money"
import {
  checkoutMinorToVaultAmount,
  normalizeVaultAmount,
  toCheckoutMinor,
  toVaultAmount,
  vaultAmountToCheckoutMinor,
  vaultAmountToMinor,
} from "../amounts"
import { checkCheckoutPayment } from "../checkout"

describe.each([
  // currency, Medusa amount, Vault decimal, Checkout.com minor
  ["JPY", 1000, "1000", 1000],
  ["GBP", 450, "450.00", 45000],
  ["GBP", "0.1", "0.10", 10],
  ["USD", { value: "1499.99", precision: 20 }, "1499.99", 149999],
  ["KWD", 1.25, "1.250", 1250],
  ["BHD", "12.345", "12.345", 12345],
])("%s", (currency, medusa, vault, minor) => {
  it(`Medusa ${JSON.stringify(medusa)} ↔ Vault "${vault}" ↔ Checkout.com ${minor}`, () => {
    expect(toVaultAmount(medusa, currency)).toBe(vault)
    expect(toCheckoutMinor(medusa, currency)).toBe(minor)
    expect(vaultAmountToCheckoutMinor(vault, currency)).toBe(minor)
    expect(checkoutMinorToVaultAmount(minor, currency)).toBe(vault)
    expect(normalizeVaultAmount(Number(vault), currency)).toBe(vault)
  })
})

describe("Vault amounts", () => {
  it("accepts numbers and strings without float arithmetic", () => {
    // 0.1 + 0.2 style drift cannot happen: 1.005 is read as the text "1.005".
    expect(vaultAmountToMinor(1.005, "KWD")).toBe(1005)
    expect(vaultAmountToMinor("0.30", "GBP")).toBe(30)
    expect(normalizeVaultAmount("450", "GBP")).toBe("450.00")
  })

  it("refuses digits the currency does not have and non-amounts", () => {
    expect(() => vaultAmountToMinor("1000.5", "JPY")).toThrow(MoneyError)
    expect(() => vaultAmountToMinor("1.001", "GBP")).toThrow(MoneyError)
    expect(() => vaultAmountToMinor("1.0001", "KWD")).toThrow(MoneyError)
    expect(() => vaultAmountToMinor("1e3", "GBP")).toThrow(MoneyError)
    expect(() => vaultAmountToMinor(null, "GBP")).toThrow(MoneyError)
  })

  it("rounds Medusa amounts half-up to the currency's digits", () => {
    expect(toVaultAmount("10.005", "GBP")).toBe("10.01")
    expect(toVaultAmount("999.5", "JPY")).toBe("1000")
    expect(toVaultAmount("0.0005", "KWD")).toBe("0.001")
  })
})

describe("checkCheckoutPayment", () => {
  const base = { id: "pay_1", status: "Captured", approved: true, amount: 1250, currency: "KWD", reference: "inv-1" }
  const expected = { amount: "1.250", currency: "KWD", reference: "inv-1" }

  it("accepts an approved payment with the invoice's amount, currency and reference", () => {
    expect(checkCheckoutPayment(base, expected)).toEqual({ ok: true })
    expect(
      checkCheckoutPayment(
        { ...base, amount: 125000, currency: "GBP" },
        { amount: "1250.00", currency: "gbp", reference: "inv-1" },
      ),
    ).toEqual({ ok: true })
  })

  it("names what does not match", () => {
    expect(checkCheckoutPayment(null, expected)).toEqual({ ok: false, reason: "not_found" })
    expect(checkCheckoutPayment({ ...base, amount: 125 }, expected)).toEqual({ ok: false, reason: "amount_mismatch" })
    expect(checkCheckoutPayment({ ...base, currency: "BHD" }, expected)).toEqual({
      ok: false,
      reason: "currency_mismatch",
    })
    expect(checkCheckoutPayment({ ...base, reference: "inv-2" }, expected)).toEqual({
      ok: false,
      reason: "reference_mismatch",
    })
    expect(checkCheckoutPayment({ ...base, approved: false, status: "Declined" }, expected)).toEqual({
      ok: false,
      reason: "declined",
    })
    expect(
      checkCheckoutPayment(
        { ...base, approved: false, status: "Declined", "3ds": { authentication_response: "N" } },
        expected,
      ),
    ).toEqual({ ok: false, reason: "authentication_failed" })
  })
})
