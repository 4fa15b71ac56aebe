import fc from "fast-check"
import { BigNumber } from "@medusajs/framework/utils"
import {
  allocateProportionally,
  currencyExponent,
  fromMinorUnits,
  parseMajorUnitString,
  splitEvenly,
  sumMinor,
  toDecimalString,
  toMajorUnitString,
  toMinorUnits,
  toMinorUnitsBigInt,
  type AmountInput,
} from "../money"

// One currency per exponent the module knows about.
const currency = fc.constantFrom("JPY", "GBP", "usd", "KWD", "CLF")
const MAX_SAFE = Number.MAX_SAFE_INTEGER

const digits = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength, maxLength })

// Canonical integer part: "0" or no leading zero.
const integerPart = fc.oneof(
  fc.constant("0"),
  fc.tuple(fc.constantFrom(..."123456789"), digits(0, 14)).map(([a, b]) => a + b),
)

/** An exact decimal split into parts, so tests can build an oracle with BigInt instead of floats. */
interface DecimalParts {
  negative: boolean
  integer: string
  fraction: string
}

const decimalParts = (maxFraction: number) =>
  fc.record({ negative: fc.boolean(), integer: integerPart, fraction: digits(0, maxFraction) })

const render = ({ negative, integer, fraction }: DecimalParts) =>
  `${negative ? "-" : ""}${integer}${fraction ? `.${fraction}` : ""}`

/** Value × 10^scale as a BigInt, where scale = fraction length. */
const scaled = ({ negative, integer, fraction }: DecimalParts) => (negative ? -1n : 1n) * BigInt(integer + fraction)

describe("minor units round trip", () => {
  it("minor → major string → minor is the identity for every exponent", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), currency, (minor, code) => {
        const major = fromMinorUnits(minor, code)
        expect(toMinorUnits(major, code, { rounding: "reject" })).toBe(minor)
        expect(parseMajorUnitString(major, code)).toBe(minor)
      }),
    )
  })

  it("holds near Number.MAX_SAFE_INTEGER, where float arithmetic would drop units", () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_SAFE - 10_000, max: MAX_SAFE }), fc.boolean(), currency, (m, neg, code) => {
        const minor = neg ? -m : m
        expect(toMinorUnits(fromMinorUnits(minor, code), code)).toBe(minor)
        expect(toMinorUnits({ value: fromMinorUnits(minor, code), precision: 20 }, code)).toBe(minor)
      }),
    )
  })

  it("holds for arbitrarily large bigints through the BigInt variant", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), currency, (minor, code) => {
        expect(toMinorUnitsBigInt(fromMinorUnits(minor, code), code)).toBe(minor)
      }),
    )
  })

  it("fromMinorUnits always prints exactly `exponent` fraction digits", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), currency, (minor, code) => {
        const fraction = fromMinorUnits(minor, code).split(".")[1] ?? ""
        expect(fraction.length).toBe(currencyExponent(code))
      }),
    )
  })
})

describe("decimal strings", () => {
  it("a decimal with ≤ exponent fraction digits → minor → major string is the canonical padded form", () => {
    fc.assert(
      fc.property(
        currency.chain((code) => fc.tuple(fc.constant(code), decimalParts(currencyExponent(code)))),
        ([code, parts]) => {
          const exponent = currencyExponent(code)
          const isZero = /^0*$/.test(parts.integer + parts.fraction)
          const padded = parts.fraction.padEnd(exponent, "0")
          const expected = `${parts.negative && !isZero ? "-" : ""}${parts.integer}${exponent ? `.${padded}` : ""}`
          expect(toMajorUnitString(render(parts), code, { rounding: "reject" })).toBe(expected)
        },
      ),
    )
  })

  it("toDecimalString is the identity on canonical decimals and idempotent on any", () => {
    const canonical = decimalParts(12)
      .map((p) => ({ ...p, fraction: p.fraction.replace(/0+$/, "") }))
      .filter((p) => !(p.negative && /^0*$/.test(p.integer + p.fraction)))
    fc.assert(
      fc.property(canonical, (parts) => {
        const text = render(parts)
        expect(toDecimalString(text)).toBe(text)
        const withTrailingZeros = text.includes(".") ? `${text}000` : `${text}.000`
        expect(toDecimalString(withTrailingZeros)).toBe(text)
      }),
    )
  })

  it("exponent notation reads the same as the plain decimal it denotes", () => {
    fc.assert(
      fc.property(decimalParts(8), fc.integer({ min: -30, max: 30 }), (parts, shift) => {
        // m × 10^shift written as "<m>e<shift>" must equal moving the decimal point by hand.
        const value = scaled(parts)
        const scale = parts.fraction.length - shift
        const plain = scale <= 0 ? (value * 10n ** BigInt(-scale)).toString() : shiftPoint(value, scale)
        expect(toDecimalString(`${render(parts)}e${shift}`)).toBe(toDecimalString(plain))
      }),
    )
  })

  it("every double reads as its shortest round-trip text (Number() of the result is the same double)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = toDecimalString(value)
        expect(text).toMatch(/^-?\d+(\.\d*[1-9])?$/)
        expect(Number(text)).toBe(value === 0 ? 0 : value)
      }),
    )
  })
})

/** Plain decimal text of value / 10^scale, built with string operations only. */
function shiftPoint(value: bigint, scale: number): string {
  const negative = value < 0n
  const text = (negative ? -value : value).toString().padStart(scale + 1, "0")
  return `${negative ? "-" : ""}${text.slice(0, -scale)}.${text.slice(-scale)}`
}

describe("rounding", () => {
  // More fraction digits than the currency allows, so rounding is actually exercised; exact
  // halves and zero-only extra digits are rare at random, so they are generated on purpose.
  const roundingCase = currency.chain((code) => {
    const exponent = currencyExponent(code)
    const random = decimalParts(exponent + 6)
    const tie = decimalParts(exponent).chain((p) =>
      digits(0, 4).map((zeros) => ({
        ...p,
        fraction: `${p.fraction.padEnd(exponent, "0")}5${zeros.replace(/./g, "0")}`,
      })),
    )
    const zeroPadded = decimalParts(exponent).chain((p) =>
      fc.integer({ min: 1, max: 5 }).map((n) => ({ ...p, fraction: p.fraction.padEnd(exponent, "0") + "0".repeat(n) })),
    )
    return fc.tuple(fc.constant(code), fc.oneof(random, tie, zeroPadded))
  })

  /** Twice |rounded − exact| and one minor unit, both in units of 10^-(fraction length). */
  const roundingError = (parts: DecimalParts, rounded: bigint, exponent: number) => {
    const extra = Math.max(parts.fraction.length - exponent, 0)
    const scaleUp = 10n ** BigInt(extra)
    const exact = scaled(parts) * 10n ** BigInt(Math.max(exponent - parts.fraction.length, 0))
    const diff = rounded * scaleUp - exact
    return { twiceAbsError: 2n * (diff < 0n ? -diff : diff), minorUnit: scaleUp }
  }

  /** |value| truncated to whole minor units, computed from the digits. */
  const truncatedMagnitude = (parts: DecimalParts, exponent: number) =>
    BigInt(parts.integer + parts.fraction.slice(0, exponent).padEnd(exponent, "0"))

  const isExactHalf = (parts: DecimalParts, exponent: number) => /^50*$/.test(parts.fraction.slice(exponent))

  it("is within half a minor unit of the exact value in both modes", () => {
    fc.assert(
      fc.property(
        roundingCase,
        fc.constantFrom("half-up" as const, "half-even" as const),
        ([code, parts], rounding) => {
          const rounded = toMinorUnitsBigInt(render(parts), code, { rounding })
          const { twiceAbsError, minorUnit } = roundingError(parts, rounded, currencyExponent(code))
          expect(twiceAbsError <= minorUnit).toBe(true)
        },
      ),
    )
  })

  it("half-up and half-even agree everywhere except exact halves", () => {
    fc.assert(
      fc.property(roundingCase, ([code, parts]) => {
        fc.pre(!isExactHalf(parts, currencyExponent(code)))
        const text = render(parts)
        expect(toMinorUnitsBigInt(text, code, { rounding: "half-even" })).toBe(
          toMinorUnitsBigInt(text, code, { rounding: "half-up" }),
        )
      }),
    )
  })

  it("on an exact half, half-up goes away from zero and half-even to the even neighbour", () => {
    fc.assert(
      fc.property(roundingCase, ([code, parts]) => {
        const exponent = currencyExponent(code)
        fc.pre(isExactHalf(parts, exponent))
        const text = render(parts)
        const magnitude = (x: bigint) => (x < 0n ? -x : x)
        const truncated = truncatedMagnitude(parts, exponent)
        const up = toMinorUnitsBigInt(text, code, { rounding: "half-up" })
        const even = toMinorUnitsBigInt(text, code, { rounding: "half-even" })
        expect(magnitude(up)).toBe(truncated + 1n)
        expect(even % 2n).toBe(0n)
        expect([truncated, truncated + 1n]).toContain(magnitude(even))
        if (up !== 0n) expect(up < 0n).toBe(parts.negative)
      }),
    )
  })

  it('"reject" throws exactly when digits beyond the minor unit are non-zero', () => {
    fc.assert(
      fc.property(roundingCase, ([code, parts]) => {
        const exponent = currencyExponent(code)
        const losesDigits = /[1-9]/.test(parts.fraction.slice(exponent))
        const convert = () => toMinorUnitsBigInt(render(parts), code, { rounding: "reject" })
        if (losesDigits) {
          expect(convert).toThrow(/refuses to drop digits/)
        } else {
          expect(convert()).toBe((parts.negative ? -1n : 1n) * truncatedMagnitude(parts, exponent))
        }
      }),
    )
  })
})

describe("every input form gives the same result", () => {
  // ≤ 15 significant digits, so the number form carries the same value as the text.
  const amountText = fc
    .record({ negative: fc.boolean(), integer: integerPart.map((s) => s.slice(0, 9)), fraction: digits(0, 6) })
    .map(render)

  const forms = (text: string): [string, AmountInput][] => [
    ["string", text],
    ["number", Number(text)],
    ["raw string", { value: text, precision: 20 }],
    ["raw number", { value: Number(text) }],
    ["BigNumber(string)", new BigNumber(text)],
    ["BigNumber(number)", new BigNumber(Number(text))],
    ["BigNumber(raw)", new BigNumber({ value: text, precision: 20 })],
    ["BigNumber raw after JSON", JSON.parse(JSON.stringify(new BigNumber(text).raw))],
    ["bignumber.js", new BigNumber(text).bigNumber!],
  ]

  it("toDecimalString, toMinorUnits and toMajorUnitString agree across forms", () => {
    fc.assert(
      fc.property(amountText, currency, (text, code) => {
        const expected = {
          decimal: toDecimalString(text),
          minor: toMinorUnits(text, code),
          major: toMajorUnitString(text, code, { rounding: "half-even" }),
        }
        for (const [, input] of forms(text)) {
          expect({
            decimal: toDecimalString(input),
            minor: toMinorUnits(input, code),
            major: toMajorUnitString(input, code, { rounding: "half-even" }),
          }).toEqual(expected)
        }
      }),
    )
  })

  it("any double reads the same as a number, a raw number and a Medusa BigNumber", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (value) => {
        const expected = toDecimalString(value)
        expect(toDecimalString({ value })).toBe(expected)
        expect(toDecimalString(new BigNumber(value))).toBe(expected)
        expect(toDecimalString(new BigNumber(value).raw!)).toBe(expected)
      }),
    )
  })
})

describe("allocation", () => {
  const total = fc.integer({ min: 0, max: MAX_SAFE })

  it("splitEvenly: non-negative, sums exactly, differs by at most one, larger parts first", () => {
    fc.assert(
      fc.property(total, fc.integer({ min: 1, max: 60 }), (totalMinor, parts) => {
        const split = splitEvenly(totalMinor, parts)
        expect(split).toHaveLength(parts)
        expect(sumMinor(...split)).toBe(totalMinor)
        expect(split.every((part) => Number.isSafeInteger(part) && part >= 0)).toBe(true)
        expect(split[0] - split[split.length - 1]).toBeLessThanOrEqual(1)
        expect(split).toEqual([...split].sort((a, b) => b - a))
      }),
    )
  })

  it("allocateProportionally: non-negative, sums exactly, each share within one unit of exact", () => {
    const weights = fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 20 })
    fc.assert(
      fc.property(
        total,
        weights.filter((ws) => ws.some((w) => w > 0)),
        (totalMinor, ws) => {
          const shares = allocateProportionally(totalMinor, ws)
          expect(shares).toHaveLength(ws.length)
          expect(sumMinor(...shares)).toBe(totalMinor)
          const weightSum = ws.reduce((sum, w) => sum + BigInt(w), 0n)
          shares.forEach((share, i) => {
            expect(Number.isSafeInteger(share) && share >= 0).toBe(true)
            // |share × Σw − total × w| < Σw  ⇔  share is the floor or ceiling of the exact share.
            const gap = BigInt(share) * weightSum - BigInt(totalMinor) * BigInt(ws[i])
            expect(gap > -weightSum && gap < weightSum).toBe(true)
            if (ws[i] === 0) expect(share).toBe(0)
          })
        },
      ),
    )
  })

  it("allocateProportionally with equal weights matches splitEvenly", () => {
    fc.assert(
      fc.property(total, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 1000 }), (totalMinor, parts, w) => {
        expect(allocateProportionally(totalMinor, Array(parts).fill(w))).toEqual(splitEvenly(totalMinor, parts))
      }),
    )
  })
})
