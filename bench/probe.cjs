// Loaded into the benchmarked Medusa process with NODE_OPTIONS=--require (never in production).
// It times every lender provider method (the provider classes of <slug>/service, loaded from the
// built plugin's .medusa/server/src/providers/<slug>/service.js as a store runs it, or from
// src/providers/<slug>/service.ts when a host app loads the sources), the lender HTTP requests
// made inside it, the financing module's methods it awaited (the financing log's writes and
// secret reads in PostgreSQL) and its other PostgreSQL queries (Medusa's modules), and serves what it saw on 127.0.0.1:BENCH_PROBE_PORT:
//   GET  /wrapped         which classes it wrapped and the files they came from
//   GET  /calls           every provider call: lender, method, ok, wall µs, financing-module µs,
//                         its requests (no bodies)
//   GET  /requests        count of lender requests this process sent (attributed or not)
//   GET  /lender-log      every lender request this process sent: method, path, start/end µs on
//                         the machine's monotonic clock (process.hrtime, CLOCK_MONOTONIC, so the
//                         bench can line them up with its own steps), status, the provider call
//   POST /replay?...      replays the exact requests of recorded calls (method, path, headers incl.
//                         auth and signatures, body bytes) with plain node:http and keep-alive —
//                         "the same raw HTTP request to the sandbox", from the same process, so the
//                         only difference from the provider call is the plugin.
// Request bodies and headers (sandbox credentials) stay in this process's memory.
"use strict"
const { AsyncLocalStorage } = require("node:async_hooks")
const dc = require("node:diagnostics_channel")
const http = require("node:http")
const Module = require("node:module")

const port = Number(process.env.BENCH_PROBE_PORT || 0)
const sandboxHost = process.env.BENCH_SANDBOX_HOST || ""
const METHODS = [
  "initiatePayment",
  "authorizePayment",
  "capturePayment",
  "cancelPayment",
  "refundPayment",
  "updatePayment",
  "deletePayment",
  "retrievePayment",
  "getPaymentStatus",
  "getWebhookActionAndData",
]
// Built (…/.medusa/server/src/…/service.js, reached through node_modules/medusa-plugin-financing
// or its real path) or source (…/src/…/service.ts) files.
const SERVICE_FILE = /[\\/](?:\.medusa[\\/]server[\\/])?src[\\/]providers[\\/]([^\\/]+)[\\/]service\.(?:ts|js|cjs)$/
const FINANCING_SERVICE_FILE =
  /[\\/](?:\.medusa[\\/]server[\\/])?src[\\/]modules[\\/]financing[\\/]service\.(?:ts|js|cjs)$/

const als = new AsyncLocalStorage()
const calls = []
const lenderLog = []
const inFlight = new WeakMap()
const wrapped = []
let lenderRequests = 0
const nowUs = () => Number(process.hrtime.bigint() / 1000n)

function wrapProviderClass(Service, lender, file) {
  const proto = Service && Service.prototype
  if (!proto || proto.__benchWrapped) return
  if (!METHODS.some((name) => typeof proto[name] === "function")) return
  Object.defineProperty(proto, "__benchWrapped", { value: true })
  wrapped.push({ kind: "provider", lender, className: Service.name, file })
  for (const name of METHODS) {
    const original = proto[name]
    if (typeof original !== "function") continue
    proto[name] = async function benchTimed(...args) {
      // A provider method calling another one of its own is part of the outer call.
      if (als.getStore()) return original.apply(this, args)
      const record = {
        lender,
        method: name,
        ok: false,
        requests: [],
        startedUs: nowUs(),
        wallUs: 0,
        moduleUs: 0,
        moduleCalls: 0,
        moduleMethods: [],
        moduleDepth: 0,
        otherDbUs: 0,
        otherDbQueries: 0,
        dbDepth: 0,
        moduleBeforeUs: 0,
        dbSpans: [],
        moduleDbUs: 0,
        moduleDbQueries: 0,
      }
      try {
        const result = await als.run(record, () => original.apply(this, args))
        record.ok = true
        return result
      } finally {
        record.wallUs = nowUs() - record.startedUs
        calls.push(record)
      }
    }
  }
}

// The financing module's own methods (recordOperation, updateOperation, getSecret, …): the time a
// provider call spends awaiting them is its PostgreSQL work (audit-trail writes, secret reads).
// Only the outermost one counts, so a method calling another is not counted twice.
function wrapFinancingService(Service, file) {
  const proto = Service && Service.prototype
  if (!proto || proto.__benchWrapped) return
  Object.defineProperty(proto, "__benchWrapped", { value: true })
  wrapped.push({ kind: "financing-module", lender: null, className: Service.name, file })
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (name === "constructor" || name.startsWith("_") || name.endsWith("_")) continue
    const descriptor = Object.getOwnPropertyDescriptor(proto, name)
    if (!descriptor || typeof descriptor.value !== "function") continue
    const original = descriptor.value
    proto[name] = function benchModuleTimed(...args) {
      const record = als.getStore()
      if (!record || record.moduleDepth > 0) return original.apply(this, args)
      record.moduleDepth++
      const started = nowUs()
      const done = () => {
        record.moduleDepth--
        const us = nowUs() - started
        record.moduleUs += us
        record.moduleCalls++
        record.moduleMethods.push({ name, us, startUs: started })
        // Module time before the call's first lender request: splits the in-call time into the
        // part before the request went out and the part after its answer came back.
        if (record.requests.length === 0) record.moduleBeforeUs += us
      }
      let result
      try {
        result = original.apply(this, args)
      } catch (error) {
        done()
        throw error
      }
      if (result && typeof result.then === "function") {
        return result.then(
          (value) => (done(), value),
          (error) => {
            done()
            throw error
          },
        )
      }
      done()
      return result
    }
  }
}

// Every PostgreSQL query the call awaited: outside the financing module (Medusa's payment module,
// query graph, the cart and order reads the provider makes) and, counted apart, inside it (the
// module's own statements, so its time splits into PostgreSQL and the path to it): node-postgres'
// Client#query, which knex (and so MikroORM) calls with a callback. Only queries one at a time are timed (a query
// started while another of the same call is in flight is part of that one's time).
const PG_CLIENT_FILE = /[\\/]node_modules[\\/]pg[\\/]lib[\\/]client\.js$/
function wrapPgClient(Client, file) {
  const proto = Client && Client.prototype
  if (!proto || proto.__benchWrapped || typeof proto.query !== "function") return
  Object.defineProperty(proto, "__benchWrapped", { value: true })
  wrapped.push({ kind: "pg-client", lender: null, className: Client.name, file })
  const original = proto.query
  proto.query = function benchQuery(...args) {
    const record = als.getStore()
    if (!record || record.dbDepth > 0) return original.apply(this, args)
    // Inside the financing module the query is the module's own (its PostgreSQL round trip);
    // outside it, one of Medusa's.
    const inModule = record.moduleDepth > 0
    record.dbDepth++
    const started = nowUs()
    let finished = false
    const done = () => {
      if (finished) return
      finished = true
      record.dbDepth--
      const end = nowUs()
      if (inModule) {
        record.moduleDbUs += end - started
        record.moduleDbQueries++
      } else {
        record.otherDbUs += end - started
        record.otherDbQueries++
      }
      record.dbSpans.push({ startUs: started, us: end - started, inModule })
    }
    const last = args[args.length - 1]
    if (typeof last === "function") {
      args[args.length - 1] = function benchQueryDone(...results) {
        done()
        return last.apply(this, results)
      }
    }
    let result
    try {
      result = original.apply(this, args)
    } catch (error) {
      done()
      throw error
    }
    if (typeof last !== "function") {
      if (result && typeof result.then === "function") result.then(done, done)
      else done() // a submittable query object: not awaited here
    }
    return result
  }
}

const originalLoad = Module.prototype.load
Module.prototype.load = function benchLoad(filename) {
  originalLoad.call(this, filename)
  const match = SERVICE_FILE.exec(filename)
  const exported = () => Object.values(this.exports || {}).filter((value) => typeof value === "function")
  if (match) for (const value of exported()) wrapProviderClass(value, match[1], filename)
  if (FINANCING_SERVICE_FILE.test(filename)) for (const value of exported()) wrapFinancingService(value, filename)
  if (PG_CLIENT_FILE.test(filename)) wrapPgClient(this.exports, filename)
}

// Bodies of lender requests, captured as they are written (the start channel fires too late to
// wrap write/end). Kept for any request to the sandbox, not only inside a timed call: the body must
// be whole even when a client library writes it from a callback that lost the async context.
const bodies = new WeakMap()
function isLenderRequest(request) {
  if (als.getStore()) return true
  if (!sandboxHost) return false
  try {
    return String(request.getHeader("host") || "") === sandboxHost
  } catch {
    return false
  }
}
function keepChunk(request, chunk, encoding) {
  if (!chunk || typeof chunk === "function" || !isLenderRequest(request)) return
  const list = bodies.get(request) || []
  list.push(
    Buffer.isBuffer(chunk)
      ? chunk
      : typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8")
        : Buffer.from(chunk),
  )
  bodies.set(request, list)
}
const originalWrite = http.ClientRequest.prototype.write
const originalEnd = http.ClientRequest.prototype.end
http.ClientRequest.prototype.write = function benchWrite(chunk, encoding, cb) {
  keepChunk(this, chunk, encoding)
  return originalWrite.call(this, chunk, encoding, cb)
}
http.ClientRequest.prototype.end = function benchEnd(chunk, encoding, cb) {
  keepChunk(this, chunk, encoding)
  return originalEnd.call(this, chunk, encoding, cb)
}

dc.subscribe("http.client.request.start", ({ request }) => {
  const host = String(request.getHeader("host") || request.host || "")
  if (sandboxHost && host !== sandboxHost) return
  lenderRequests++
  const record = als.getStore()
  const logged = {
    method: request.method,
    path: String(request.path).split("?")[0],
    startUs: nowUs(),
    endUs: 0,
    status: 0,
    call: record ? `${record.lender} ${record.method}` : null,
  }
  lenderLog.push(logged)
  const entry = {
    method: request.method,
    protocol: request.protocol,
    host,
    path: request.path,
    // Every header as sent: auth, signatures, idempotency keys, content-type and -length.
    headers: { ...request.getHeaders() },
    // Node publishes this channel from ClientRequest#_finish, i.e. after end(): the body has been
    // written by now, so it comes from the prototype hooks above.
    body: bodies.get(request) || [],
    startedUs: logged.startUs,
    rttUs: 0,
    status: 0,
    logged,
  }
  if (record) record.requests.push(entry)
  inFlight.set(request, entry)
})

dc.subscribe("http.client.response.finish", ({ request, response }) => {
  const entry = inFlight.get(request)
  if (!entry) return
  entry.status = response.statusCode
  entry.logged.status = response.statusCode
  response.once("end", () => {
    entry.rttUs = nowUs() - entry.startedUs
    entry.logged.endUs = nowUs()
  })
})

// ── raw replay ─────────────────────────────────────────────────────────────────────────────────
const replayAgent = new http.Agent({ keepAlive: true, maxSockets: 8 })

function rawRequest(entry, body) {
  return new Promise((resolve, reject) => {
    const [hostname, hostPort] = entry.host.split(":")
    const started = nowUs()
    const req = http.request(
      {
        agent: replayAgent,
        hostname,
        port: Number(hostPort || 80),
        method: entry.method,
        path: entry.path,
        headers: entry.headers,
      },
      (res) => {
        res.on("data", () => {})
        res.on("end", () => resolve({ us: nowUs() - started, status: res.statusCode }))
        res.on("error", reject)
      },
    )
    // A replay must never hang the bench: give up after 5 s and report it.
    req.setTimeout(5000, () => req.destroy(new Error("replay timed out")))
    req.on("error", reject)
    req.end(body.length > 0 ? body : undefined)
  })
}

/** One replayed request; a transport error (e.g. a keep-alive socket the server just closed) gets one more try on a new socket. */
async function replayOne(entry, body) {
  try {
    return await rawRequest(entry, body)
  } catch (first) {
    replayAgent.destroy()
    try {
      return await rawRequest(entry, body)
    } catch (second) {
      throw second || first
    }
  }
}

async function replay({ perOp, repeat }) {
  const groups = new Map()
  for (const call of calls) {
    if (!call.ok || call.requests.length === 0 || call.requests.some((r) => r.protocol !== "http:")) continue
    const key = `${call.lender} ${call.method}`
    const list = groups.get(key) || []
    if (list.length < perOp) list.push(call)
    groups.set(key, list)
  }
  const result = {}
  for (const [key, list] of groups) {
    const samples = []
    const singles = []
    const statuses = {}
    const failures = []
    for (let round = 0; round < repeat; round++) {
      for (const call of list) {
        let total = 0
        let failed = false
        for (const entry of call.requests) {
          const body = Buffer.concat(entry.body)
          const declared = entry.headers["content-length"]
          // A body we did not see whole cannot be replayed faithfully: say so rather than send another.
          if (declared !== undefined && Number(declared) !== body.length) {
            statuses.unreplayable = (statuses.unreplayable || 0) + 1
            if (failures.length < 3)
              failures.push(
                `${entry.method} ${entry.path.split("?")[0]}: content-length ${declared}, captured ${body.length} bytes`,
              )
            failed = true
            break
          }
          try {
            // Any answer counts: a 4xx (e.g. a capture or finalize whose state has moved on) is still one round trip.
            const { us, status } = await replayOne(entry, body)
            total += us
            singles.push(us)
            statuses[status] = (statuses[status] || 0) + 1
          } catch (error) {
            statuses.error = (statuses.error || 0) + 1
            if (failures.length < 3)
              failures.push(`${entry.method} ${entry.path.split("?")[0]}: ${error && error.message}`)
            failed = true
            break
          }
        }
        if (!failed) samples.push(total)
      }
    }
    result[key] = { samples, singles, statuses, failures, calls: list.length }
  }
  return result
}

// ── CPU profile (V8's sampling profiler through the inspector, in this process) ─────────────────
// Its sample timestamps are V8 TimeTicks, CLOCK_MONOTONIC on Linux like process.hrtime: the bench
// lines them up with the calls' own timestamps (startedAtUs is this clock when profiling began).
let profiler = null
function post(session, method, params) {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  )
}
async function startProfile(intervalUs) {
  if (profiler) throw new Error("a profile is already running")
  const inspector = require("node:inspector")
  profiler = new inspector.Session()
  profiler.connect()
  await post(profiler, "Profiler.enable")
  await post(profiler, "Profiler.setSamplingInterval", { interval: intervalUs })
  const startedAtUs = nowUs()
  await post(profiler, "Profiler.start")
  return { startedAtUs, intervalUs }
}
async function stopProfile() {
  if (!profiler) throw new Error("no profile is running")
  const { profile } = await post(profiler, "Profiler.stop")
  profiler.disconnect()
  profiler = null
  return { profile, stoppedAtUs: nowUs() }
}

if (port) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://probe")
    const send = (status, body) => {
      res.writeHead(status, { "content-type": "application/json" })
      res.end(JSON.stringify(body))
    }
    try {
      if (req.method === "GET" && url.pathname === "/calls") {
        return send(
          200,
          calls.map(
            ({
              lender,
              method,
              ok,
              wallUs,
              startedUs,
              moduleUs,
              moduleBeforeUs,
              moduleCalls,
              moduleMethods,
              otherDbUs,
              otherDbQueries,
              dbSpans,
              moduleDbUs,
              moduleDbQueries,
              requests,
            }) => ({
              moduleDbUs,
              moduleDbQueries,
              startedUs,
              dbSpans,
              lender,
              method,
              ok,
              wallUs,
              moduleUs,
              moduleCalls,
              moduleMethods,
              otherDbUs,
              otherDbQueries,
              moduleBeforeUs,
              requests: requests.map((r) => ({
                method: r.method,
                path: r.path.split("?")[0],
                // When the request went out (node's request-start channel), from the call's start.
                offsetUs: r.startedUs - startedUs,
                rttUs: r.rttUs,
                status: r.status,
              })),
            }),
          ),
        )
      }
      if (req.method === "POST" && url.pathname === "/profile/start") {
        return send(200, await startProfile(Number(url.searchParams.get("intervalUs") || 100)))
      }
      if (req.method === "POST" && url.pathname === "/profile/stop") return send(200, await stopProfile())
      if (req.method === "GET" && url.pathname === "/wrapped") return send(200, wrapped)
      if (req.method === "GET" && url.pathname === "/requests") return send(200, { lenderRequests })
      if (req.method === "GET" && url.pathname === "/lender-log") return send(200, lenderLog)
      if (req.method === "POST" && url.pathname === "/replay") {
        return send(
          200,
          await replay({
            perOp: Number(url.searchParams.get("perOp") || 20),
            repeat: Number(url.searchParams.get("repeat") || 3),
          }),
        )
      }
      send(404, { message: "unknown probe route" })
    } catch (error) {
      send(500, { message: error && error.message })
    }
  })
  server.listen(port, "127.0.0.1")
  server.unref()
}
