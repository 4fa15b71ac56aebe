// Documented test identities of the FlexShopper sandbox (also listed on GET /__sandbox). SSNs in
// the 666 area are never issued by the SSA, so no real person can match one.
import type { Clock } from "../clock"
import type { SandboxEnv } from "../types"
import {
  FLEXSHOPPER_SANDBOX_API_KEY,
  FLEXSHOPPER_SANDBOX_AUTH_KEY,
  FLEXSHOPPER_SANDBOX_MINIMUM_ORDER_VALUE,
  FLEXSHOPPER_SANDBOX_OTHER_API_KEY,
  FLEXSHOPPER_SANDBOX_OTHER_AUTH_KEY,
} from "./credentials"
import type { DecisionStatus, FlexShopperCollections, SandboxUser } from "./model"

export const DEFAULT_VENDOR_ID = "vendor-sandbox-store"
export const OTHER_VENDOR_ID = "vendor-sandbox-other"

/** Existing FlexShopper customers, found by Account Lookup (mobile phone + SSN). */
export const EXISTING_CUSTOMERS = [
  {
    identity: "existing-approved",
    firstName: "Avery",
    lastName: "Approved",
    email: "avery.approved@example.com",
    mobilePhone: "2125550101",
    ssn: "666010001",
    limit: 2500,
    hold: false,
    note: "approved, $2,500 limit, identity verified: goes straight to the modal",
  },
  {
    identity: "existing-low-limit",
    firstName: "Lou",
    lastName: "Limit",
    email: "lou.limit@example.com",
    mobilePhone: "2125550102",
    ssn: "666010002",
    limit: 300,
    hold: false,
    note: "approved with a $300 limit: larger leases fail with ExceedSpendingLimitError",
  },
  {
    identity: "existing-spending-hold",
    firstName: "Hal",
    lastName: "Hold",
    email: "hal.hold@example.com",
    mobilePhone: "2125550103",
    ssn: "666010003",
    limit: 2500,
    hold: true,
    note: "approved but on a spending hold: cannot sign",
  },
] as const

/** New applicants: Prequalification Start decides by the SSN's first five digits. */
export const PREQUAL_RULES: Array<{
  prefix: string
  status: DecisionStatus
  limit: number
  depositCents: number
  note: string
}> = [
  { prefix: "66610", status: "approved", limit: 2500, depositCents: 0, note: "approved, $2,500 limit" },
  { prefix: "66620", status: "pending", limit: 0, depositCents: 0, note: "decision pending (manual review)" },
  { prefix: "66630", status: "failed", limit: 0, depositCents: 0, note: "declined" },
  { prefix: "66640", status: "approved", limit: 300, depositCents: 0, note: "approved, $300 limit" },
  {
    prefix: "66650",
    status: "approved",
    limit: 2500,
    depositCents: 2500,
    note: "approved, $2,500 limit, $25.00 security deposit at signing",
  },
]
export const DEFAULT_PREQUAL = {
  status: "approved" as DecisionStatus,
  limit: 1300,
  depositCents: 0,
  note: "any other SSN: approved, $1,300 limit (the docs' sample)",
}

export function prequalRuleFor(ssn: string) {
  return PREQUAL_RULES.find((rule) => ssn.startsWith(rule.prefix)) ?? { prefix: "*", ...DEFAULT_PREQUAL }
}

/** The KBA quiz: three questions; each has exactly one right answer (by label). */
export const KBA_QUESTIONS = [
  {
    label: "Which of these streets have you lived on?",
    choices: ["Oak Street", "Maple Avenue", "Birch Lane", "None of the above"],
    correct: "Maple Avenue",
  },
  {
    label: "Which of these vehicles have you owned?",
    choices: ["Ford Focus", "Toyota Camry", "Honda Civic", "None of the above"],
    correct: "Honda Civic",
  },
  {
    label: "In which of these counties have you lived?",
    choices: ["Orange County", "Kings County", "Cook County", "None of the above"],
    correct: "Orange County",
  },
] as const

/** Deposit cards in the modal: this one is declined (402 PaymentRequired); any other 13–19 digits pays. */
export const DECLINED_DEPOSIT_CARD = "4000000000000002"

/** ABA routing-number checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export function isValidRoutingNumber(routing: string): boolean {
  if (!/^\d{9}$/.test(routing) || routing === "000000000") return false
  const d = routing.split("").map(Number)
  return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 === 0
}

export const KNOWN_BANKS: Record<string, string> = {
  "021000021": "JPMorgan Chase Bank",
  "011000015": "Federal Reserve Bank of Boston",
  "026009593": "Bank of America",
}

export function seedMerchants(c: FlexShopperCollections, env: SandboxEnv): void {
  const minimumOrderCents = FLEXSHOPPER_SANDBOX_MINIMUM_ORDER_VALUE * 100
  c.merchants.set(DEFAULT_VENDOR_ID, {
    vendorId: DEFAULT_VENDOR_ID,
    name: "Sandbox Store",
    apiKey: env.FLEXSHOPPER_API_KEY || FLEXSHOPPER_SANDBOX_API_KEY,
    authKey: env.FLEXSHOPPER_AUTH_KEY || FLEXSHOPPER_SANDBOX_AUTH_KEY,
    minimumOrderCents,
  })
  c.merchants.set(OTHER_VENDOR_ID, {
    vendorId: OTHER_VENDOR_ID,
    name: "Other Sandbox Store",
    apiKey: FLEXSHOPPER_SANDBOX_OTHER_API_KEY,
    authKey: FLEXSHOPPER_SANDBOX_OTHER_AUTH_KEY,
    minimumOrderCents,
  })
}

export function seedCustomers(c: FlexShopperCollections, clock: Clock, newId: () => string): void {
  const now = clock.now().toISOString()
  for (const customer of EXISTING_CUSTOMERS) {
    const id = newId()
    const user: SandboxUser = {
      id,
      firstName: customer.firstName,
      lastName: customer.lastName,
      email: customer.email,
      password: "sandbox-password",
      mobilePhone: customer.mobilePhone,
      ssn: customer.ssn,
      dateOfBirth: "1985-04-12",
      createdAt: now,
      decision: { applicationId: newId(), status: "approved", limitCents: customer.limit * 100, createdAt: now },
      applicationComplete: true,
      verificationStatus: "succeeded",
      spendingHold: customer.hold,
      depositCents: 0,
      vendors: [],
      identity: customer.identity,
    }
    c.users.set(id, user)
  }
}

export function describeIdentities(): Record<string, unknown> {
  return {
    existingCustomers: EXISTING_CUSTOMERS.map(({ identity, firstName, lastName, mobilePhone, ssn, note }) => ({
      identity,
      name: `${firstName} ${lastName}`,
      mobilePhone,
      ssn,
      note,
    })),
    prequalificationBySsnPrefix: [
      ...PREQUAL_RULES.map(({ prefix, note }) => ({ ssnStartsWith: prefix, result: note })),
      { ssnStartsWith: "anything else", result: DEFAULT_PREQUAL.note },
    ],
    under18: "an applicant under 18 (dateOfBirth) is declined",
    kbaCorrectAnswers: KBA_QUESTIONS.map((q) => ({ question: q.label, answer: q.correct })),
    kbaRule: "all three right → verificationStatus succeeded; any wrong answer → failed (final)",
    routingNumbers: "any 9-digit number passing the ABA checksum, e.g. 021000021 or 011000015",
    depositCards: `any 13–19 digit card pays the deposit except ${DECLINED_DEPOSIT_CARD} (declined)`,
    minimumOrderValue: `$${FLEXSHOPPER_SANDBOX_MINIMUM_ORDER_VALUE} (merchant setting); leases start at $49.95`,
    merchants:
      "default merchant: FLEXSHOPPER_API_KEY / FLEXSHOPPER_AUTH_KEY or the built-in sandbox keys; a second built-in merchant exists for token/key-binding tests",
  }
}
