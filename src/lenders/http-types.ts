/** Public shapes of the shared lender HTTP layer (implementation in http.ts). */

export interface LenderLogger {
  debug?(msg: string, meta?: unknown): void
  info?(msg: string, meta?: unknown): void
  warn?(msg: string, meta?: unknown): void
  error?(msg: string, meta?: unknown): void
  /** Medusa's logger answers whether a level is on; without it every level is assumed on. */
  shouldLog?(level: string): boolean
}

export interface LenderTlsOptions {
  /** Each value is a PEM string, or a path to a PEM file (anything without "-----BEGIN"). */
  cert?: string
  key?: string
  ca?: string
  passphrase?: string
  /** Default true. Only turn off against a local sandbox with a self-signed certificate. */
  rejectUnauthorized?: boolean
}

export interface LenderRetryOptions {
  /** Extra attempts after the first one. Default 2. */
  retries?: number
  /** Backoff base; the n-th retry waits a random time in [0, min(max, base·2ⁿ)]. Default 200. */
  baseDelayMs?: number
  /** Backoff ceiling. Default 3000. */
  maxDelayMs?: number
  /** A Retry-After longer than this gives up instead of sleeping. Default 10000. */
  maxRetryAfterMs?: number
}

export interface LenderErrorEnvelope {
  code?: string
  message?: string
  requestId?: string
  /** The lender refused the shopper (credit decline) rather than failing technically. */
  declined?: boolean
}

export interface LenderHttpOptions {
  /** Slug used in logs and errors, e.g. "payment-assist". */
  lender: string
  /** Display name used in messages, e.g. "Payment Assist". */
  lenderName: string
  baseURL: string
  /** Time to establish TCP (and TLS for https). Default 5000. */
  connectTimeoutMs?: number
  /** Time for the whole response, body included, per attempt. Default 20000. */
  timeoutMs?: number
  /** Default true; one http and one https Agent per client, reused across requests. */
  keepAlive?: boolean
  tls?: LenderTlsOptions
  retry?: LenderRetryOptions
  redact?: { fields?: string[]; headers?: string[]; secretValues?: string[] }
  logger?: LenderLogger
  defaultHeaders?: Record<string, string>
  /** Header carrying our per-request correlation id. Default "x-correlation-id"; false = none. */
  correlationHeader?: string | false
  /** Response headers holding the lender's request id. Default x-request-id, request-id, x-correlation-id. */
  requestIdHeaders?: string[]
  /** Lender-specific error-envelope parsing; falls back to common shapes when undefined. */
  parseError?: (status: number, body: unknown, headers: Record<string, string>) => LenderErrorEnvelope | undefined
  /** Default "idempotency-key". */
  idempotencyHeader?: string
}

export type LenderHttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE"

export interface LenderMultipartFile {
  field: string
  filename: string
  contentType: string
  data: Buffer
}

export interface LenderMultipart {
  fields: Record<string, string>
  files: LenderMultipartFile[]
}

export interface LenderRequest {
  /** What we are doing in the lender's terms ("capture", "create-lease"); names errors and logs. */
  operation: string
  method: LenderHttpMethod
  /** Relative to baseURL. Absolute URLs are refused so credentials never go to another host. */
  path: string
  query?: Record<string, string | number | boolean | undefined>
  json?: unknown
  form?: Record<string, string>
  multipart?: FormData | LenderMultipart
  headers?: Record<string, string>
  /** Sent in the idempotency header; also makes a non-GET request safe to retry. */
  idempotencyKey?: string
  /** Reuse a correlation id from an outer operation instead of a fresh UUID. */
  correlationId?: string
  timeoutMs?: number
  /** Which statuses are a success. Default 2xx. */
  expectStatus?: (status: number) => boolean
  /** Default "json": the body is parsed, and a body that isn't JSON is an error. */
  responseType?: "json" | "text" | "buffer"
  /**
   * A non-GET that changes nothing a lender read could see (Vault's get-or-create with a known
   * paymentId is its only way to read a payment; an OAuth token grant). Without it every non-GET
   * counts as a write and drops the request's memoized lender reads (read-scope.ts).
   */
  readOnly?: boolean
}

export interface LenderResponse<T> {
  status: number
  data: T
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>
  correlationId: string
  attempts: number
  durationMs: number
}

export interface LenderHttp {
  request<T = unknown>(req: LenderRequest): Promise<LenderResponse<T>>
  /** Destroys pooled sockets; call on module shutdown. */
  close(): void
  readonly baseURL: string
}
