import http from "node:http"
import https from "node:https"
import zlib from "node:zlib"

/**
 * One HTTP exchange on node:http / node:https with the stack's own agents (keep-alive, connect
 * timer, mTLS): the request bytes out, the whole answer back as bytes. Everything else — retries,
 * decoding, errors, logs — is http.ts's. Plain node:http rather than a client library: the
 * library's per-request config merging and adapter chain cost ~0.3 ms of CPU per lender request
 * (bench/http-stack.ts), more than the rest of the stack together, for features the stack does
 * not use (redirects, proxies, transforms, interceptors).
 */

export interface TransportRequest {
  /** The absolute URL (baseURL joined with the request's path and query). */
  url: URL
  method: string
  headers: Record<string, string>
  body?: string | FormData
  agents: { http: http.Agent; https: https.Agent }
  signal: AbortSignal
  /** Larger answers (after decompression) fail with ERR_RESPONSE_TOO_LARGE. */
  maxResponseBytes: number
}

export interface TransportResponse {
  status: number
  headers: http.IncomingHttpHeaders
  raw: Buffer
}

/** Errors the transport raises itself carry a Node-style code, as socket errors do. */
const failure = (code: string, message: string) => Object.assign(new Error(message), { code })

/** baseURL + path the way the stack always joined them: one slash between, the base's own path kept. */
export function joinUrl(base: URL, pathWithQuery: string): URL {
  return new URL(`${base.href.replace(/\/+$/, "")}/${pathWithQuery.replace(/^\/+/, "")}`)
}

async function bodyBytes(body: TransportRequest["body"], headers: Record<string, string>): Promise<Buffer | undefined> {
  if (body === undefined) return undefined
  if (typeof body === "string") return Buffer.from(body, "utf8")
  // A FormData is serialised by the platform's own multipart encoder, which also names the boundary.
  const encoded = new Response(body)
  headers["content-type"] = encoded.headers.get("content-type") ?? "multipart/form-data"
  return Buffer.from(await encoded.arrayBuffer())
}

function decompress(raw: Buffer, encoding: string | undefined, maxOutputLength: number): Buffer {
  const coding = encoding?.trim().toLowerCase()
  if (!raw.length || !coding || coding === "identity") return raw
  try {
    if (coding === "gzip" || coding === "x-gzip") return zlib.gunzipSync(raw, { maxOutputLength })
    if (coding === "deflate") return zlib.inflateSync(raw, { maxOutputLength })
    if (coding === "br") return zlib.brotliDecompressSync(raw, { maxOutputLength })
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE")
      throw failure("ERR_RESPONSE_TOO_LARGE", `response larger than ${maxOutputLength} bytes`)
    throw failure("ERR_BAD_CONTENT_ENCODING", `response body is not valid ${coding}`)
  }
  return raw
}

export async function exchange(request: TransportRequest): Promise<TransportResponse> {
  const { url, signal, maxResponseBytes } = request
  const headers: Record<string, string> = {
    "user-agent": "medusa-plugin-financing",
    "accept-encoding": "gzip, deflate, br",
    ...request.headers,
  }
  const payload = await bodyBytes(request.body, headers)
  if (payload) headers["content-length"] = String(payload.length)
  const secure = url.protocol === "https:"
  const send = secure ? https.request : http.request

  return new Promise<TransportResponse>((resolve, reject) => {
    let settled = false
    const settle = (error: unknown, value?: TransportResponse) => {
      if (settled) return
      settled = true
      signal.removeEventListener("abort", onAbort)
      if (error) reject(error)
      else resolve(value!)
    }
    const req = send({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ""),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers,
      agent: secure ? request.agents.https : request.agents.http,
    })
    const onAbort = () => {
      const aborted = failure("ABORT_ERR", "request aborted")
      req.destroy(aborted)
      settle(aborted)
    }
    if (signal.aborted) return onAbort()
    signal.addEventListener("abort", onAbort, { once: true })

    req.on("error", (error) => settle(error))
    req.on("response", (res) => {
      const chunks: Buffer[] = []
      let received = 0
      res.on("data", (chunk: Buffer) => {
        received += chunk.length
        if (received > maxResponseBytes) {
          const tooLarge = failure("ERR_RESPONSE_TOO_LARGE", `response larger than ${maxResponseBytes} bytes`)
          req.destroy(tooLarge)
          settle(tooLarge)
          return
        }
        chunks.push(chunk)
      })
      // A server that closes the connection mid-body: the answer is incomplete, not an answer.
      res.on("aborted", () => settle(failure("ECONNRESET", "connection closed before the response ended")))
      res.on("error", (error) => settle(error))
      res.on("end", () => {
        if (settled) return
        if (!res.complete) return settle(failure("ECONNRESET", "connection closed before the response ended"))
        try {
          const raw = decompress(
            Buffer.concat(chunks),
            res.headers["content-encoding"] as string | undefined,
            maxResponseBytes,
          )
          settle(undefined, { status: res.statusCode ?? 0, headers: res.headers, raw })
        } catch (error) {
          settle(error)
        }
      })
    })
    req.end(payload)
  })
}
