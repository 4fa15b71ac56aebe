// For "after"-phase faults: let the lender handler run to completion (its state change sticks),
// but keep its response from reaching the client so the fault can replace it.
import type { OutgoingHttpHeaders } from "node:http"
import type { Response } from "express"

export interface CapturedResponse {
  status: number
  headers: OutgoingHttpHeaders
  body: Buffer
}

type Callback = (err?: Error | null) => void
type Writer = (chunk?: unknown, encoding?: unknown, cb?: unknown) => unknown

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk
  if (typeof chunk === "string")
    return Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
  if (chunk instanceof Uint8Array) return Buffer.from(chunk)
  return Buffer.from(String(chunk))
}

/**
 * Buffers everything the handler writes. When the handler ends the response, the original
 * methods are restored (nothing has been sent yet) and `onEnd` decides what the client gets.
 */
export function captureResponse(res: Response, onEnd: (captured: CapturedResponse) => void): void {
  const target = res as unknown as { write: Writer; end: Writer; writeHead: (...args: unknown[]) => unknown }
  const original = { write: target.write, end: target.end, writeHead: target.writeHead }
  const chunks: Buffer[] = []

  target.writeHead = (status: unknown, ...rest: unknown[]) => {
    res.statusCode = Number(status)
    const headers = rest.find((arg) => typeof arg === "object" && arg !== null && !Array.isArray(arg))
    for (const [name, value] of Object.entries((headers ?? {}) as Record<string, string>)) res.setHeader(name, value)
    return res
  }
  target.write = (chunk, encoding, cb) => {
    if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk, encoding))
    const callback = (typeof encoding === "function" ? encoding : cb) as Callback | undefined
    if (typeof callback === "function") process.nextTick(callback)
    return true
  }
  target.end = (chunk, encoding, cb) => {
    let callback = cb as Callback | undefined
    if (typeof chunk === "function") [callback, chunk] = [chunk as Callback, undefined]
    else if (typeof encoding === "function") [callback, encoding] = [encoding as Callback, undefined]
    if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk, encoding))
    Object.assign(target, original)
    onEnd({ status: res.statusCode, headers: res.getHeaders(), body: Buffer.concat(chunks) })
    if (callback) process.nextTick(callback)
    return res
  }
}
