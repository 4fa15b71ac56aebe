// NewDay money ({ value, currencyCode } in pounds) ⇄ pence, idempotency key derivation, and
// problem-details parsing: the pure pieces the client is built on.
import { deriveIdempotencyKey, UUID_PATTERN } from "../idempotency"
import { fromNewDayMoney, NewDayMoneyError, toNewDayMoney } from "../money"
import { describeValidationErrors, parseNewDayError } from "../problem"

describe("NewDay money", () => {
  it.each([
    [1, 0.01],
    [10, 0.1],
    [1010, 10.1],
    [12345, 123.45],
    [30, 0.3],
    [999999999, 9999999.99],
  ])("%i pence serialises as %p pounds and reads back exactly", (minor, pounds) => {
    const money = toNewDayMoney(minor)
    expect(money).toEqual({ value: pounds, currencyCode: "GBP" })
    expect(JSON.stringify(money)).toBe(`{"value":${pounds},"currencyCode":"GBP"}`)
    expect(fromNewDayMoney(JSON.parse(JSON.stringify(money)), "amount")).toBe(minor)
  })

  it("adds no float drift: 0.1 + 0.2 style sums stay exact through pence", () => {
    const sum =
      fromNewDayMoney({ value: 0.1, currencyCode: "GBP" }, "a") +
      fromNewDayMoney({ value: 0.2, currencyCode: "GBP" }, "b")
    expect(toNewDayMoney(sum).value).toBe(0.3)
  })

  it.each([
    [{ value: 1.005, currencyCode: "GBP" }, "remainingFloat.value must be an amount with at most 2 decimal places"],
    [{ value: "12.50", currencyCode: "GBP" }, "remainingFloat.value must be a number"],
    [{ value: 12.5, currencyCode: "EUR" }, "remainingFloat.currencyCode must be GBP"],
    [{ value: 12.5 }, "remainingFloat.currencyCode must be GBP"],
    [null, "remainingFloat must be an object { value, currencyCode }"],
  ])("refuses %p naming the field", (money, message) => {
    expect(() => fromNewDayMoney(money, "remainingFloat")).toThrow(new NewDayMoneyError(message))
  })

  it("refuses non-integer pence", () => {
    expect(() => toNewDayMoney(12.5)).toThrow(/safe integer/)
  })
})

describe("idempotency keys", () => {
  it("maps one intent to one stable UUID and different intents to different ones", () => {
    const key = deriveIdempotencyKey("payses_01ABC", "authorise")
    expect(key).toMatch(UUID_PATTERN)
    expect(key[14]).toBe("5")
    expect(deriveIdempotencyKey("payses_01ABC", "authorise")).toBe(key)
    expect(deriveIdempotencyKey("payses_01ABD", "authorise")).not.toBe(key)
    expect(deriveIdempotencyKey("payses_01ABC", "initiate")).not.toBe(key)
    // Parts are delimited: ("a", "bc") and ("ab", "c") are different intents.
    expect(deriveIdempotencyKey("a", "bc")).not.toBe(deriveIdempotencyKey("ab", "c"))
  })

  it("refuses empty parts", () => {
    expect(() => deriveIdempotencyKey()).toThrow(TypeError)
    expect(() => deriveIdempotencyKey("x", "")).toThrow(TypeError)
  })
})

describe("problem details", () => {
  it("reads type, detail and traceId", () => {
    expect(
      parseNewDayError(409, {
        type: "newday:merchant-gateway:error:amountExceedsRemaining",
        title: "Conflict",
        detail: "Too much.",
        traceId: "t-1",
      }),
    ).toEqual({
      code: "newday:merchant-gateway:error:amountExceedsRemaining",
      message: "Too much.",
      requestId: "t-1",
    })
  })

  it("lists validation errors by field, at most five", () => {
    const errors = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`f${i}`, [`bad ${i}`]]))
    expect(describeValidationErrors(errors)).toBe("f0: bad 0; f1: bad 1; f2: bad 2; f3: bad 3; f4: bad 4")
  })

  it("falls back to the APIM body and to nothing for an empty problem", () => {
    expect(parseNewDayError(429, { statusCode: 429, message: "Rate limit is exceeded." })).toEqual({
      code: "apim:429",
      message: "Rate limit is exceeded.",
    })
    expect(parseNewDayError(500, {})).toBeUndefined()
    expect(parseNewDayError(500, "<html>")).toBeUndefined()
  })
})
