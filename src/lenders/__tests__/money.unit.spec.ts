import { readFileSync, readdirSync } from "fs"
import { join } from "path"
import { BigNumber } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"
import {
  MoneyError,
  allocateProportionally,
  compareMinor,
  currencyExponent,
  fromMinorUnits,
  isPositiveAmount,
  parseMajorUnitString,
  splitEvenly,
  sumMinor,
  toDecimalString,
  toMajorUnitString,
  toMinorUnits,
  toMinorUnitsBigInt,
  type AmountInput,
} from "../money"

// Compile-time guarantee (checked by tsc): every Medusa BigNumberInput is accepted as is.
const acceptsMedusaInput = (input: BigNumberInput): AmountInput => input
void acceptsMedusaInput

describe("currencyExponent", () => {
  it.each([
    ["GBP", 2],
    ["usd", 2],
    ["Eur", 2],
    ["JPY", 0],
    ["krw", 0],
    ["XPF", 0],
    ["KWD", 3],
    ["bhd", 3],
    ["TND", 3],
    ["CLF", 4],
    ["UYW", 4],
  ])("%s has %i decimal places", (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent)
  })

  it.each(["", "GB", "GBPX", "G8P", " GBP"])("rejects %j as a currency code", (code) => {
    expect(() => currencyExponent(code)).toThrow(/3-letter ISO 4217 code/)
  })

  it("names the type of a non-string currency", () => {
    expect(() => currencyExponent(826 as unknown as string)).toThrow(/received number 826/)
  })
})

describe("toDecimalString", () => {
  it.each<[AmountInput, string]>([
    [0.3, "0.3"],
    [53.51, "53.51"],
    [1e-7, "0.0000001"],
    [1.5e21, "1500000000000000000000"],
    [-0, "0"],
    ["-0.000", "0"],
    ["12.500", "12.5"],
    ["+7", "7"],
    ["007.10", "7.1"],
    [".5", "0.5"],
    ["5.", "5"],
    ["1e-7", "0.0000001"],
    ["1.2345E+3", "1234.5"],
    ["-12.50", "-12.5"],
    [{ value: "12.5", precision: 20 }, "12.5"],
    [{ value: 12.5 }, "12.5"],
    [{ value: "1.0000000000000000000e-7", precision: 20 }, "0.0000001"],
    [new BigNumber("19.99"), "19.99"],
    [new BigNumber(1e-7), "0.0000001"],
  ])("%p → %s", (input, expected) => {
    expect(toDecimalString(input)).toBe(expected)
  })

  it("keeps a float's shortest round-trip text rather than its binary expansion", () => {
    expect(toDecimalString(0.1 + 0.2)).toBe("0.30000000000000004")
    expect(toDecimalString(0.1)).toBe("0.1")
  })

  it("prefers a BigNumber's exact bignumber.js value over its precision-rounded raw value", () => {
    // 25 significant digits: raw.value is rounded to 20, bigNumber keeps them all (as MathBN does).
    const precise = new BigNumber("12345678901234567890.12345")
    expect(precise.raw?.value).toBe("12345678901234567890")
    expect(toDecimalString(precise)).toBe("12345678901234567890.12345")
  })

  it("falls back to raw, then numeric, for BigNumber-shaped objects without bigNumber", () => {
    expect(toDecimalString({ numeric: 99, raw: { value: "12.5" } })).toBe("12.5")
    expect(toDecimalString({ numeric: 12.25 })).toBe("12.25")
  })

  it("reads a bignumber.js instance through toFixed()", () => {
    const bignumberJs = new BigNumber("0.00000001").bigNumber!
    expect(toDecimalString(bignumberJs)).toBe("0.00000001")
  })

  it.each<[unknown, RegExp]>([
    [Number.NaN, /received number NaN/],
    [Number.POSITIVE_INFINITY, /received number Infinity/],
    ["", /received string ""/],
    ["abc", /received string "abc"/],
    ["12,50", /received string "12,50"/],
    ["£12.50", /received string "£12.50"/],
    [" 12.5", /received string " 12.5"/],
    ["1e99999", /received string "1e99999"/],
    ["0x10", /received string "0x10"/],
    ["Infinity", /received string "Infinity"/],
    [null, /received null/],
    [undefined, /received undefined/],
    [true, /received boolean/],
    [[1], /received array/],
    [10n, /received bigint \(minor units\?/],
    [{ value: null }, /raw amount whose value is null/],
    [{ value: "NaN", precision: 20 }, /raw amount whose value is string "NaN"/],
    [new BigNumber("abc"), /BigNumber whose value is not a finite number/],
  ])("rejects %p with an error naming what it received", (input, message) => {
    const read = () => toDecimalString(input as AmountInput)
    expect(read).toThrow(MoneyError)
    expect(read).toThrow(message)
  })

  it("names an object's kind without printing its contents", () => {
    const secretish = { cardNumber: "4242424242424242", email: "a@b.c" }
    let message = ""
    try {
      toDecimalString(secretish as unknown as AmountInput)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/received object without value, raw, bigNumber or numeric/)
    expect(message).not.toMatch(/4242|a@b\.c|cardNumber/)
  })

  it("truncates a long string in its error", () => {
    expect(() => toDecimalString("x".repeat(500))).toThrow(/"x{40}…"$/)
  })
})

describe("toMinorUnits", () => {
  it.each<[AmountInput, string, number]>([
    [53.51, "GBP", 5351], // 53.51 * 100 === 5350.999999999999 in floats
    [1.005, "USD", 101], // 1.005 * 100 === 100.49999999999999 — float rounding would give 100
    [0.1 + 0.2, "USD", 30],
    [19.99, "USD", 1999],
    [1000, "JPY", 1000],
    ["1000", "jpy", 1000],
    [12.5, "GBP", 1250],
    [{ value: "12.5", precision: 20 }, "GBP", 1250],
    [new BigNumber(12.5), "GBP", 1250],
    [1.234, "KWD", 1234],
    [-12.34, "GBP", -1234],
    ["-0.005", "GBP", -1], // half-up is away from zero for negatives too
    ["1e-7", "GBP", 0],
    [0, "GBP", 0],
    [-0, "GBP", 0],
    ["0.0001", "CLF", 1],
  ])("%p %s → %i", (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor)
  })

  it("never returns negative zero", () => {
    expect(Object.is(toMinorUnits("-0.001", "GBP"), 0)).toBe(true)
  })

  it("rounds KWD 1.2345 half-up to 1235, half-even to 1234, and rejects it", () => {
    expect(toMinorUnits(1.2345, "KWD")).toBe(1235)
    expect(toMinorUnits(1.2345, "KWD", { rounding: "half-up" })).toBe(1235)
    expect(toMinorUnits(1.2345, "KWD", { rounding: "half-even" })).toBe(1234)
    expect(() => toMinorUnits(1.2345, "KWD", { rounding: "reject" })).toThrow(
      /1\.2345 KWD has more than 3 decimal places/,
    )
  })

  it("half-even rounds a tie to the even neighbour in both directions", () => {
    expect(toMinorUnits("0.125", "GBP", { rounding: "half-even" })).toBe(12)
    expect(toMinorUnits("0.135", "GBP", { rounding: "half-even" })).toBe(14)
    expect(toMinorUnits("-0.125", "GBP", { rounding: "half-even" })).toBe(-12)
    expect(toMinorUnits("-0.135", "GBP", { rounding: "half-even" })).toBe(-14)
    // Just past the tie both modes go up.
    expect(toMinorUnits("0.1250001", "GBP", { rounding: "half-even" })).toBe(13)
  })

  it("reject accepts an amount whose extra digits are zeros", () => {
    expect(toMinorUnits("12.5000", "GBP", { rounding: "reject" })).toBe(1250)
    expect(toMinorUnits(new BigNumber("12.5"), "GBP", { rounding: "reject" })).toBe(1250)
  })

  it("rejects an unknown rounding mode instead of silently using the default", () => {
    expect(() => toMinorUnits(1, "GBP", { rounding: "bankers" as never })).toThrow(/rounding must be one of/)
  })

  it("throws beyond Number.MAX_SAFE_INTEGER and points to the BigInt variant", () => {
    expect(toMinorUnits("90071992547409.91", "USD")).toBe(Number.MAX_SAFE_INTEGER)
    expect(() => toMinorUnits("90071992547409.92", "USD")).toThrow(/MAX_SAFE_INTEGER.*toMinorUnitsBigInt/)
    expect(toMinorUnitsBigInt("90071992547409.92", "USD")).toBe(9007199254740992n)
    expect(toMinorUnitsBigInt(1.5e21, "GBP")).toBe(150000000000000000000000n)
  })

  it("fails on a bad currency before reading the amount", () => {
    expect(() => toMinorUnits(12, "POUNDS")).toThrow(/3-letter ISO 4217 code/)
  })
})

describe("fromMinorUnits", () => {
  it.each<[number | bigint | string, string, string]>([
    [1250, "GBP", "12.50"],
    [1250, "JPY", "1250"],
    [1250, "KWD", "1.250"],
    [1250, "CLF", "0.1250"],
    [5, "GBP", "0.05"],
    [-5, "GBP", "-0.05"],
    [0, "GBP", "0.00"],
    [-0, "GBP", "0.00"],
    ["-0", "USD", "0.00"],
    [-1250, "JPY", "-1250"],
    [9007199254740993n, "USD", "90071992547409.93"],
    ["4995", "USD", "49.95"],
  ])("%p %s → %s", (minor, currency, major) => {
    expect(fromMinorUnits(minor, currency)).toBe(major)
  })

  it.each<unknown>([12.5, Number.NaN, 2 ** 53, "12.5", "1e3", "", " 1", "01", null])(
    "rejects %p as minor units",
    (minor) => {
      expect(() => fromMinorUnits(minor as number, "GBP")).toThrow(/minor units must be a safe integer/)
    },
  )
})

describe("toMajorUnitString", () => {
  it.each<[AmountInput, string, string]>([
    [12.5, "USD", "12.50"],
    [0.1 + 0.2, "USD", "0.30"],
    [{ value: "12.5", precision: 20 }, "GBP", "12.50"],
    [new BigNumber("1000"), "JPY", "1000"],
    [1.2345, "KWD", "1.235"],
    ["-3", "GBP", "-3.00"],
    ["1e-7", "GBP", "0.00"],
  ])("%p %s → %s", (amount, currency, major) => {
    expect(toMajorUnitString(amount, currency)).toBe(major)
  })

  it("honours the rounding option", () => {
    expect(toMajorUnitString(1.2345, "KWD", { rounding: "half-even" })).toBe("1.234")
    expect(() => toMajorUnitString("12.505", "USD", { rounding: "reject" })).toThrow(MoneyError)
  })
})

describe("parseMajorUnitString", () => {
  it.each<[string, string, number]>([
    ["49.95", "USD", 4995],
    ["49.9", "USD", 4990],
    ["49", "USD", 4900],
    ["49.950", "USD", 4995],
    ["0.05", "GBP", 5],
    ["-12.50", "GBP", -1250],
    ["1000", "JPY", 1000],
    ["1.234", "KWD", 1234],
  ])("%s %s → %i", (text, currency, minor) => {
    expect(parseMajorUnitString(text, currency)).toBe(minor)
  })

  it.each(["", "1e3", "+5", ".5", "5.", " 5", "5 ", "5,00", "$5", "05.00", "NaN", "--5"])(
    "rejects the malformed lender value %j",
    (text) => {
      expect(() => parseMajorUnitString(text, "USD")).toThrow(/expected a plain decimal string/)
    },
  )

  it("refuses to round digits finer than the minor unit", () => {
    expect(() => parseMajorUnitString("49.955", "USD")).toThrow(/more than 2 decimal places/)
    expect(() => parseMajorUnitString("1000.5", "JPY")).toThrow(/more than 0 decimal places/)
  })

  it("rejects a non-string by type", () => {
    expect(() => parseMajorUnitString(49.95 as unknown as string, "USD")).toThrow(/received number 49.95/)
  })
})

describe("isPositiveAmount", () => {
  it.each<[AmountInput, boolean]>([
    [0.01, true],
    ["1e-7", true],
    [{ value: "12.5", precision: 20 }, true],
    [new BigNumber(3), true],
    [0, false],
    ["-0", false],
    [-0.01, false],
    [new BigNumber(0), false],
  ])("%p → %p", (amount, positive) => {
    expect(isPositiveAmount(amount)).toBe(positive)
  })

  it("throws on a malformed amount rather than calling it non-positive", () => {
    expect(() => isPositiveAmount("abc")).toThrow(MoneyError)
  })
})

describe("sumMinor and compareMinor", () => {
  it("sums exactly, including through unsafe intermediate totals", () => {
    expect(sumMinor()).toBe(0)
    expect(sumMinor(1999, 1, -500)).toBe(1500)
    expect(sumMinor(Number.MAX_SAFE_INTEGER, 1, -1)).toBe(Number.MAX_SAFE_INTEGER)
  })

  it("rejects non-integers and unsafe totals", () => {
    expect(() => sumMinor(1, 0.5)).toThrow(/amount #1 must be a safe integer/)
    expect(() => sumMinor(Number.MAX_SAFE_INTEGER, 1)).toThrow(/beyond Number.MAX_SAFE_INTEGER/)
  })

  it("compares as a sort comparator", () => {
    expect(compareMinor(1, 2)).toBe(-1)
    expect(compareMinor(2, 2)).toBe(0)
    expect(compareMinor(3, 2)).toBe(1)
    expect([300, -5, 20].sort(compareMinor)).toEqual([-5, 20, 300])
    expect(() => compareMinor(1.5, 2)).toThrow(MoneyError)
  })
})

describe("splitEvenly", () => {
  it.each<[number, number, number[]]>([
    [1000, 3, [334, 333, 333]],
    [1001, 3, [334, 334, 333]],
    [999, 3, [333, 333, 333]],
    [2, 4, [1, 1, 0, 0]],
    [0, 2, [0, 0]],
    [5, 1, [5]],
  ])("%i into %i → %p (remainder on the first instalments)", (total, parts, expected) => {
    expect(splitEvenly(total, parts)).toEqual(expected)
  })

  it.each<[number, number, RegExp]>([
    [-1, 2, /total must not be negative/],
    [10.5, 2, /total must be a safe integer/],
    [10, 0, /parts must be an integer from 1/],
    [10, 2.5, /parts must be an integer from 1/],
    [10, 1_000_000, /parts must be an integer from 1/],
  ])("rejects total %p in %p parts", (total, parts, message) => {
    expect(() => splitEvenly(total, parts)).toThrow(message)
  })
})

describe("allocateProportionally", () => {
  it.each<[number, number[], number[]]>([
    [100, [1, 1, 1], [34, 33, 33]],
    [100, [1, 2], [33, 67]],
    [1000, [2999, 1, 0], [1000, 0, 0]],
    [10, [3, 3, 4], [3, 3, 4]],
    [5, [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0]],
    [0, [0, 0], [0, 0]],
    [7, [0, 5, 0], [0, 7, 0]],
  ])("%i by %p → %p", (total, weights, expected) => {
    expect(allocateProportionally(total, weights)).toEqual(expected)
  })

  it("gives the leftover unit to the largest remainder, not the first index", () => {
    // exact shares 1.4, 1.6 → floors 1, 1 → the leftover unit goes to the 0.6 remainder
    expect(allocateProportionally(3, [7, 8])).toEqual([1, 2])
  })

  it.each<[number, number[], RegExp]>([
    [10, [], /non-empty array/],
    [10, [0, 0], /every weight is zero/],
    [10, [1, -1], /weight #1 must not be negative/],
    [10, [1, 0.5], /weight #1 must be a safe integer/],
    [-10, [1], /total must not be negative/],
  ])("rejects total %p with weights %p", (total, weights, message) => {
    expect(() => allocateProportionally(total, weights)).toThrow(message)
  })
})

describe("source hygiene", () => {
  const lendersDir = join(__dirname, "..")
  const sources = [
    join(lendersDir, "money.ts"),
    ...readdirSync(join(lendersDir, "money")).map((file) => join(lendersDir, "money", file)),
  ].map((path) => ({ path, text: readFileSync(path, "utf8") }))

  it("converts money without floating-point arithmetic", () => {
    for (const { path, text } of sources) {
      expect({
        path,
        float: text.match(/parseFloat|Math\.(round|floor|ceil|trunc)|[*/]\s*100\b|toFixed\(\s*\d/g),
      }).toEqual({
        path,
        float: null,
      })
    }
  })

  it("imports nothing from @medusajs, so lender clients stay Medusa-free", () => {
    for (const { path, text } of sources) {
      expect({ path, medusa: /from\s+["']@medusajs\//.test(text) }).toEqual({ path, medusa: false })
    }
  })
})
