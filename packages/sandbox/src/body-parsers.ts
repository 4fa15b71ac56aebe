// Lenders disagree on body formats (Payment Assist alone accepts JSON, urlencoded and multipart),
// and signature checks need the exact bytes received, so every parser keeps them in req.rawBody.
// Simulators opt in per route: router.post("/begin", ctx.body.any(), handler).
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express"
import multer from "multer"

export interface RawBodyRequest extends Request {
  rawBody?: Buffer
}

/** The bytes the client sent (empty when there was no body or no parser ran). */
export function getRawBody(req: Request): Buffer {
  return (req as RawBodyRequest).rawBody ?? Buffer.alloc(0)
}

export interface BodyParserOptions {
  /** Max body size, bytes or a string like "1mb" (default 1mb; multipart 12mb). */
  limit?: string | number
}

export interface MultipartOptions extends BodyParserOptions {
  /** Max size of one uploaded file in bytes (default 10 MiB, e.g. an invoice PDF). */
  fileSizeLimit?: number
  maxFiles?: number
}

function keepRawBody(req: Request, _res: Response, buf: Buffer): void {
  ;(req as RawBodyRequest).rawBody = buf
}

export function jsonBody(opts: BodyParserOptions = {}): RequestHandler {
  return express.json({
    limit: opts.limit ?? "1mb",
    type: ["application/json", "application/*+json"],
    verify: keepRawBody,
  })
}

/** `extended: false` (default) keeps keys like `items[0][sku]` flat, exactly as they were signed. */
export function urlencodedBody(opts: BodyParserOptions & { extended?: boolean } = {}): RequestHandler {
  return express.urlencoded({ limit: opts.limit ?? "1mb", extended: opts.extended ?? false, verify: keepRawBody })
}

/** Fields land in req.body, files (in memory) in req.files. */
export function multipartBody(opts: MultipartOptions = {}): RequestHandler {
  // Buffer the whole body first so rawBody exists, then let multer parse that buffer.
  const readRaw = express.raw({ type: "multipart/form-data", limit: opts.limit ?? "12mb" })
  const multerOptions = {
    storage: multer.memoryStorage(),
    limits: { fileSize: opts.fileSizeLimit ?? 10 * 1024 * 1024, files: opts.maxFiles ?? 10 },
    // multer ≥2.1 option, missing from @types/multer.
    streamHandler: (req: RawBodyRequest, busboy: NodeJS.WritableStream) => busboy.end(req.rawBody ?? Buffer.alloc(0)),
  }
  const upload = multer(multerOptions as multer.Options).any()
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is("multipart/form-data")) return next()
    readRaw(req, res, (err?: unknown) => {
      if (err) return next(err)
      ;(req as RawBodyRequest).rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      upload(req, res, next)
    })
  }
}

/** Whichever of JSON, urlencoded or multipart the Content-Type names; other bodies are left unread. */
export function anyBody(opts: MultipartOptions = {}): RequestHandler {
  const parsers = [jsonBody(opts), urlencodedBody(opts), multipartBody(opts)]
  return (req, res, next) => {
    const run = (i: number, err?: unknown): void => {
      if (err || i === parsers.length) return next(err as Error | undefined)
      parsers[i](req, res, (e?: unknown) => run(i + 1, e))
    }
    run(0)
  }
}
