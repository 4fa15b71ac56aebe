import { randomUUID } from "node:crypto"
import { STATUS_CODES } from "node:http"
import { LenderError, type LenderErrorInit } from "./errors"
import { createLenderAgents } from "./http-agent"
import {
  buildPathWithQuery,
  decodeBody,
  decodeErrorBody,
  encodeRequestBody,
  normalizeHeaders,
  parseCommonErrorEnvelope,
  truncate,
  withoutStackTraces,
} from "./http-body"
import { classifyTransportError, type TransportFailure } from "./http-failure"
import { findHeader, mergeHeaders, pickHeader, scrubDeep, sensitiveHeaderValues } from "./http-headers"
import { writeLog } from "./http-log"
import { exchange, joinUrl } from "./http-transport"
import {
  backoffDelayMs,
  isIdempotentRequest,
  isTransientStatus,
  parseRetryAfter,
  resolveRetryPolicy,
  sleep,
} from "./http-retry"
import type { LenderErrorEnvelope, LenderHttp, LenderHttpOptions, LenderRequest, LenderResponse } from "./http-types"
import { invalidateLenderReads } from "./read-scope"
import { createRedactor, REDACTED } from "./redact"
import { createSensitiveKeyMatcher } from "./redact-keys"

export type * from "./http-types"

/**
 * The single HTTP stack behind every lender client: timeouts, keep-alive, mTLS, a retry
 * policy that never repeats a money-moving request, lender error envelopes turned into
 * LenderErrors, and logs with secrets removed. Clients only describe requests.
 */

const DEFAULT_CONNECT_TIMEOUT_MS = 5000
const DEFAULT_TIMEOUT_MS = 20000
const MAX_RESPONSE_BYTES = 25 * 1024 * 1024
const DEFAULT_REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-correlation-id"]

type AttemptOutcome =
  | { type: "response"; status: number; headers: Record<string, string>; raw: Buffer }
  | { type: "transport"; failure: TransportFailure }

const is2xx = (status: number) => status >= 200 && status < 300

/** Anything but a GET/HEAD may change what the lender answers next, unless the client says otherwise. */
const mayChangeLenderState = (req: LenderRequest) => req.method !== "GET" && req.method !== "HEAD" && !req.readOnly

export function createLenderHttp(options: LenderHttpOptions): LenderHttp {
  const who = { lender: options.lender, lenderName: options.lenderName }
  const configError = (description: string) =>
    new LenderError({ ...who, operation: "configure", kind: "config", description })
  if (!options.lender || !options.lenderName) {
    throw configError("lender and lenderName are required")
  }
  let base: URL
  try {
    base = new URL(options.baseURL)
  } catch {
    throw configError("baseURL is not a valid absolute URL")
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw configError(`baseURL must be http(s), got ${base.protocol}`)
  }

  const isSensitiveName = createSensitiveKeyMatcher([
    ...(options.redact?.fields ?? []),
    ...(options.redact?.headers ?? []),
  ])
  const redactor = createRedactor(options.redact)
  // Credentials configured as default headers (FlexShopper's raw API key in Authorization)
  // are secrets wherever they show up later, e.g. echoed back in an error body.
  redactor.addSecretValues([options.tls?.passphrase, ...sensitiveHeaderValues(options.defaultHeaders, isSensitiveName)])

  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const policy = resolveRetryPolicy(options.retry)
  const correlationHeader =
    options.correlationHeader === false ? undefined : (options.correlationHeader ?? "x-correlation-id")
  const idempotencyHeader = options.idempotencyHeader ?? "idempotency-key"
  const requestIdHeaders = (options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS).map((h) => h.toLowerCase())
  const agents = createLenderAgents({
    ...who,
    keepAlive: options.keepAlive ?? true,
    connectTimeoutMs,
    tls: options.tls,
  })

  async function sendOnce(
    req: LenderRequest,
    url: string,
    headers: Record<string, string>,
    data: string | FormData | undefined,
    timeoutMs: number,
  ): Promise<AttemptOutcome> {
    const controller = new AbortController()
    let timedOut = false
    // One wall-clock deadline for headers AND body: a socket idle timer alone would let a
    // slow-dripping server keep the call alive forever.
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    try {
      const res = await exchange({
        url: joinUrl(base, url),
        method: req.method,
        headers,
        body: data,
        agents,
        signal: controller.signal,
        maxResponseBytes: MAX_RESPONSE_BYTES,
      })
      return { type: "response", status: res.status, headers: normalizeHeaders(res.headers), raw: res.raw }
    } catch (err) {
      const failure = classifyTransportError(err, { timedOut, timeoutMs, connectTimeoutMs })
      return { type: "transport", failure }
    } finally {
      clearTimeout(timer)
    }
  }

  function parseEnvelope(status: number, body: unknown, headers: Record<string, string>): LenderErrorEnvelope {
    const fallback = parseCommonErrorEnvelope(body)
    let custom: LenderErrorEnvelope | undefined
    try {
      custom = options.parseError?.(status, body, headers)
    } catch {
      // A buggy lender parser must not hide the lender's actual answer.
    }
    return custom ?? fallback
  }

  // A write drops the request's memoized reads (read-scope.ts) before it is sent and again once it
  // has finished, so no answer read before it, or while it was in flight, answers a later read.
  async function request<T = unknown>(req: LenderRequest): Promise<LenderResponse<T>> {
    if (!mayChangeLenderState(req)) return send<T>(req)
    invalidateLenderReads()
    try {
      return await send<T>(req)
    } finally {
      invalidateLenderReads()
    }
  }

  async function send<T>(req: LenderRequest): Promise<LenderResponse<T>> {
    const started = Date.now()
    const method = req.method
    const invalid = (description: string) =>
      new LenderError({ ...who, operation: req.operation, kind: "validation", description })
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(req.path)) {
      throw invalid("request path must be relative to baseURL")
    }
    const url = buildPathWithQuery(req.path, req.query)
    const loggedPath = redactor.url(url)
    let body: ReturnType<typeof encodeRequestBody>
    try {
      body = encodeRequestBody(req)
    } catch {
      // e.g. a circular object or a BigInt in `json`: a bug in the caller, reported without its data.
      throw invalid("request body could not be encoded")
    }
    const correlationId =
      req.correlationId ?? (correlationHeader && findHeader(req.headers, correlationHeader)) ?? randomUUID()
    const headers = mergeHeaders(
      { accept: req.responseType === "buffer" ? "*/*" : "application/json" },
      body.contentType ? { "content-type": body.contentType } : {},
      options.defaultHeaders,
      req.headers,
      correlationHeader ? { [correlationHeader]: correlationId } : {},
      req.idempotencyKey ? { [idempotencyHeader]: req.idempotencyKey } : {},
    )
    // Per-request secrets (a customer token header) are scrubbed from this request's
    // logs and errors without growing the client-wide secret list forever.
    const requestSecrets = sensitiveHeaderValues(req.headers, isSensitiveName)
    const scrub = (text: string) => {
      let out = redactor.text(text)
      for (const secret of requestSecrets) {
        out = out.split(secret).join(REDACTED)
      }
      return out
    }
    const idempotent = isIdempotentRequest(method, req.idempotencyKey)
    const timeoutMs = req.timeoutMs ?? defaultTimeoutMs
    const expect = req.expectStatus ?? is2xx
    const responseType = req.responseType ?? "json"
    // Built (and redacted) only for a line that will be written: most successful calls log at debug.
    const baseMeta = () => ({
      lender: options.lender,
      operation: req.operation,
      method,
      path: loggedPath,
      query: redactor.object(req.query),
      correlationId,
      idempotencyKey: req.idempotencyKey,
      requestHeaders: redactor.headers(headers),
      requestBody: redactor.object(body.forLog),
    })
    const summary = (attempts: number, outcome: string) =>
      `${options.lenderName} ${req.operation}: ${method} ${loggedPath} -> ${outcome} ` +
      `in ${Date.now() - started} ms` +
      ` (${attempts} attempt${attempts === 1 ? "" : "s"}, correlation ${correlationId})`

    type FailureInit = Omit<LenderErrorInit, "lender" | "lenderName" | "operation" | "correlationId">
    const fail = (init: FailureInit): never => {
      const error = new LenderError({
        ...init,
        ...who,
        operation: req.operation,
        correlationId,
        lenderMessage: init.lenderMessage === undefined ? undefined : scrub(init.lenderMessage),
        lenderCode: init.lenderCode === undefined ? undefined : scrub(init.lenderCode),
        details: init.details && scrubDeep(init.details, scrub),
      })
      const durationMs = Date.now() - started
      const line =
        `${error.message} — ${method} ${loggedPath} after ${init.attempts} attempt(s) in ` +
        `${durationMs} ms (correlation ${correlationId})`
      const meta = () => ({
        ...baseMeta(),
        status: init.httpStatus,
        durationMs,
        attempts: init.attempts,
        error: error.toJSON(),
      })
      writeLog(options.logger, "warn", line, meta, scrub)
      throw error
    }

    for (let attempt = 1; ; attempt++) {
      const outcome = await sendOnce(req, url, headers, body.data, timeoutMs)

      if (outcome.type === "response" && expect(outcome.status)) {
        const decoded = decodeBody(outcome.raw, outcome.headers["content-type"], responseType)
        const lenderRequestId = pickHeader(outcome.headers, requestIdHeaders)
        if (!decoded.ok) {
          // Not retried: the lender did answer, and acted on the request if it was going to.
          return fail({
            kind: "malformed",
            httpStatus: outcome.status,
            description: decoded.reason,
            lenderRequestId,
            attempts: attempt,
            details: {
              contentType: outcome.headers["content-type"],
              bodyPreview: truncate(redactor.text(decoded.text), 200),
            },
          })
        }
        const durationMs = Date.now() - started
        const meta = () => ({
          ...baseMeta(),
          status: outcome.status,
          durationMs,
          attempts: attempt,
          lenderRequestId,
          responseBody: redactor.object(decoded.data),
        })
        writeLog(options.logger, "debug", summary(attempt, String(outcome.status)), meta, scrub)
        return {
          status: outcome.status,
          data: decoded.data as T,
          headers: outcome.headers,
          correlationId,
          attempts: attempt,
          durationMs,
        }
      }

      const response = outcome.type === "response" ? outcome : undefined
      const transport = outcome.type === "transport" ? outcome.failure : undefined
      const status = response?.status
      const transient = response ? isTransientStatus(response.status) : Boolean(transport?.transient)
      const retryAfterMs = response ? parseRetryAfter(response.headers["retry-after"]) : undefined
      const retryAfterTooLong = retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs

      if (idempotent && transient && attempt <= policy.retries && !retryAfterTooLong) {
        const delayMs = retryAfterMs ?? backoffDelayMs(attempt, policy)
        const what = transport ? transport.description : `HTTP ${status}`
        const meta = () => ({ ...baseMeta(), attempt, status, delayMs })
        writeLog(options.logger, "info", `${summary(attempt, what)}; retrying in ${delayMs} ms`, meta, scrub)
        await sleep(delayMs)
        continue
      }

      if (!response) {
        const failure = transport as TransportFailure
        return fail({
          kind: failure.kind,
          description: failure.description,
          // Safe to repeat later only if repeating can't double-act (see http-retry.ts).
          retryable: failure.transient && (idempotent || failure.notSent),
          attempts: attempt,
          details: { code: failure.code },
        })
      }

      const errorBody = decodeErrorBody(response.raw)
      const envelope = parseEnvelope(response.status, errorBody, response.headers)
      return fail({
        kind: "http",
        httpStatus: response.status,
        lenderCode: envelope.code,
        lenderMessage: envelope.message,
        lenderRequestId: envelope.requestId ?? pickHeader(response.headers, requestIdHeaders),
        declined: envelope.declined,
        description: STATUS_CODES[response.status] ?? "unexpected status",
        // A 429 was refused before processing, so even a POST may be repeated later.
        retryable: transient && (idempotent || response.status === 429),
        attempts: attempt,
        details: {
          body:
            typeof errorBody === "string"
              ? truncate(redactor.text(errorBody), 500)
              : redactor.object(withoutStackTraces(errorBody)),
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        },
      })
    }
  }

  return {
    baseURL: options.baseURL,
    request,
    close: () => agents.destroy(),
  }
}
