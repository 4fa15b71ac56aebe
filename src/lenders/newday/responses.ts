/**
 * Checks that a 2xx body is what NewDay's API promises before anyone relies on it: a settle
 * without a transactionId would leave money we can never refund. A broken body is a
 * "malformed" LenderError naming the field (the call is NOT retried: NewDay may have acted).
 */
import { LenderError } from "../errors"
import { NEWDAY_NAME } from "./name"
import { fromNewDayMoney, NewDayMoneyError } from "./money"
import type {
  AuthoriseResponse,
  InitiateResponse,
  NewDayInitiateSchema,
  RefundResponse,
  ReverseResponse,
  SettleResponse,
  SpendOptionsResponse,
} from "./types"

function malformed(operation: string, description: string): LenderError {
  return new LenderError({ lender: "newday", lenderName: NEWDAY_NAME, operation, kind: "malformed", description })
}

function object(operation: string, data: unknown): Record<string, unknown> {
  if (!data || typeof data !== "object" || Array.isArray(data))
    throw malformed(operation, "response body is not a JSON object")
  return data as Record<string, unknown>
}

function text(operation: string, body: Record<string, unknown>, field: string): string {
  const value = body[field]
  if (typeof value !== "string" || !value) throw malformed(operation, `response has no ${field}`)
  return value
}

export function validateSpendOptions(operation: string, data: unknown): SpendOptionsResponse {
  const body = object(operation, data)
  if (!Array.isArray(body.options)) throw malformed(operation, "response has no options array")
  for (const [index, option] of body.options.entries()) {
    const o = object(operation, option)
    if (typeof o.name !== "string" || typeof o.spendType !== "string") {
      throw malformed(operation, `options[${index}] has no name or spendType`)
    }
  }
  return body as unknown as SpendOptionsResponse
}

export const DEFAULT_INITIATE_SCHEMA: Required<NewDayInitiateSchema> = {
  statusField: "scaStatus",
  tokenField: "scaToken",
  widgetUrlField: "widgetUrl",
  exemptValues: ["Exempt"],
  requiredValues: ["Required"],
}

/** An Initiate answer the plugin cannot act on, said plainly (NewDay answered; it is not a transport fault). */
function unexpectedInitiate(operation: string, description: string): LenderError {
  return new LenderError({
    lender: "newday",
    lenderName: NEWDAY_NAME,
    operation,
    kind: "http",
    httpStatus: 200,
    lenderCode: "UnrecognisedInitiateAnswer",
    description,
  })
}

const optionalText = (value: unknown) => (typeof value === "string" && value.trim() ? value : undefined)

/**
 * Initiate, read tolerantly: the schema is not public (spec §5.3 [INFERRED]), so only what seed
 * 003 promises is required — a status saying exempt or authentication required, and the widget
 * URL when required. The token is optional (an exempt answer may carry none: authorise then goes
 * without `sca-token`; a required answer may carry it only inside the widget URL, as NewDay's SCA
 * widget page shows). A status word outside the configured lists is NewDay's answer all the same:
 * it is reported naming the word and the lists, so the store can add it without a code change.
 */
export function validateInitiate(
  operation: string,
  data: unknown,
  schema: NewDayInitiateSchema = {},
): InitiateResponse {
  const s = { ...DEFAULT_INITIATE_SCHEMA, ...schema }
  const body = object(operation, data)
  const scaStatus = optionalText(body[s.statusField])
  const known = (values: string[]) =>
    Boolean(scaStatus && values.some((v) => v.toLowerCase() === scaStatus.toLowerCase()))
  const outcome = known(s.exemptValues) ? "exempt" : known(s.requiredValues) ? "required" : undefined
  if (!scaStatus || !outcome) {
    throw unexpectedInitiate(
      operation,
      `NewDay's Initiate answer has ${scaStatus ? `SCA status "${scaStatus.slice(0, 40)}"` : `no "${s.statusField}" field`}, which is neither exempt (${s.exemptValues.join(", ")}) ` +
        `nor authentication required (${s.requiredValues.join(", ")}); confirm NewDay's SCAStatus values and configure them`,
    )
  }
  const scaToken = optionalText(body[s.tokenField])
  const widgetUrl = optionalText(body[s.widgetUrlField])
  if (outcome === "required" && !widgetUrl) {
    throw unexpectedInitiate(
      operation,
      `NewDay's Initiate answer says authentication is required (${scaStatus}) but has no "${s.widgetUrlField}" for the SCA widget`,
    )
  }
  return { scaStatus, outcome, ...(scaToken ? { scaToken } : {}), ...(widgetUrl ? { widgetUrl } : {}) }
}

export function validateAuthorise(operation: string, data: unknown): AuthoriseResponse {
  const body = object(operation, data)
  const result = text(operation, body, "result")
  if (result === "Authorised") text(operation, body, "authorisationId")
  return {
    result,
    authorisationId: typeof body.authorisationId === "string" ? body.authorisationId : null,
    declineReason: typeof body.declineReason === "string" ? body.declineReason : null,
  }
}

export function validateSettle(operation: string, data: unknown): SettleResponse {
  return { transactionId: text(operation, object(operation, data), "transactionId") }
}

export function validateRefund(operation: string, data: unknown): RefundResponse {
  return { refundTransactionId: text(operation, object(operation, data), "refundTransactionId") }
}

export function validateReverse(
  operation: string,
  data: unknown,
  currency: string,
): ReverseResponse & { remainingFloatMinor: number } {
  const body = object(operation, data)
  const authorisationReversalId = text(operation, body, "authorisationReversalId")
  let remainingFloatMinor: number
  try {
    remainingFloatMinor = fromNewDayMoney(body.remainingFloat, "remainingFloat", currency)
  } catch (err) {
    throw malformed(
      operation,
      err instanceof NewDayMoneyError ? `response ${err.message}` : "response has no remainingFloat",
    )
  }
  return {
    authorisationReversalId,
    remainingFloat: body.remainingFloat as ReverseResponse["remainingFloat"],
    remainingFloatMinor,
  }
}
