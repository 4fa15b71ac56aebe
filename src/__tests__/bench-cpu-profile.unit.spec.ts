// bench/lib/cpu-profile.ts decides which of a CPU profile's samples BENCHMARKS.md charges to a
// provider call and to which code: a wrong window or area would misstate where the time goes.
import { attribute, beforeRequestSpans, modulePathSpans, type CpuProfile } from "../../bench/lib/cpu-profile"
import type { ProbeCall } from "../../bench/lib/report"

const plugin = (file: string) => `file:///app/node_modules/medusa-plugin-financing/.medusa/server/src/${file}`
const frames = {
  root: { functionName: "(root)", url: "", lineNumber: 0 },
  idle: { functionName: "(idle)", url: "", lineNumber: 0 },
  authorize: { functionName: "authorizePayment", url: plugin("providers/newday/service.js"), lineNumber: 9 },
  exchange: { functionName: "exchange", url: plugin("lenders/http-transport.js"), lineNumber: 45 },
  clientRequest: { functionName: "ClientRequest", url: "node:_http_client", lineNumber: 133 },
  microtasks: { functionName: "runMicrotasks", url: "", lineNumber: 0 },
  orm: {
    functionName: "execute",
    url: "file:///app/node_modules/@mikro-orm/knex/AbstractSqlConnection.js",
    lineNumber: 128,
  },
}

// root ─┬─ authorize ─── exchange ─── clientRequest
//       ├─ microtasks
//       ├─ orm
//       └─ idle
const profile = (samples: Array<[keyof typeof ids, number]>): CpuProfile => ({
  nodes: [
    { id: 1, callFrame: frames.root, children: [2, 5, 6, 7] },
    { id: 2, callFrame: frames.authorize, children: [3] },
    { id: 3, callFrame: frames.exchange, children: [4] },
    { id: 4, callFrame: frames.clientRequest },
    { id: 5, callFrame: frames.microtasks },
    { id: 6, callFrame: frames.orm },
    { id: 7, callFrame: frames.idle },
  ],
  startTime: 1_000,
  endTime: 10_000,
  samples: samples.map(([name]) => ids[name]),
  // Each delta is from the previous sample (the first from startTime).
  timeDeltas: samples.map(([, t], i) => t - (i === 0 ? 1_000 : samples[i - 1][1])),
})
const ids = { authorize: 2, clientRequest: 4, microtasks: 5, orm: 6, idle: 7 } as const

// A call from 2,000 µs whose lender request went out at 3,000 µs; the module ran 2,200–2,600 µs
// with its query 2,300–2,500 µs; a Medusa query 2,700–2,800 µs.
const call: ProbeCall = {
  lender: "newday",
  method: "authorizePayment",
  ok: true,
  wallUs: 1_500,
  startedUs: 2_000,
  moduleMethods: [{ name: "getSecret", us: 400, startUs: 2_200 }],
  dbSpans: [
    { startUs: 2_300, us: 200, inModule: true },
    { startUs: 2_700, us: 100 },
  ],
  requests: [{ method: "POST", path: "/authorisation", rttUs: 400, status: 200, offsetUs: 1_000 }],
}

describe("bench CPU profile attribution", () => {
  it("takes the module's and PostgreSQL's spans out of the before-request window", () => {
    expect(beforeRequestSpans(call)).toEqual([
      [2_000, 2_200],
      [2_600, 2_700],
      [2_800, 3_000],
    ])
    expect(beforeRequestSpans({ ...call, requests: [] })).toEqual([])
  })

  it("the module path is the module's time minus its own queries", () => {
    expect(modulePathSpans(call)).toEqual([
      [2_200, 2_300],
      [2_500, 2_600],
    ])
  })

  it("charges each sample in a window to the code on top of its stack", () => {
    const run = {
      startedAtUs: 1_000,
      calls: [call],
      profile: profile([
        ["authorize", 2_050], // before: plugin code
        ["clientRequest", 2_150], // before: Node's HTTP client, asked for by the transport
        ["orm", 2_250], // module path: Medusa and its libraries
        ["microtasks", 2_400], // inside the module's query: charged to neither window
        ["orm", 2_550], // module path
        ["microtasks", 2_650], // before: Node runtime
        ["idle", 2_750], // Medusa's query: charged to neither window
        ["idle", 2_900], // before: idle
        ["authorize", 3_100], // after the request went out: not counted
      ]),
    }
    const [before] = attribute(run, beforeRequestSpans)
    expect(before).toMatchObject({ lender: "newday", method: "authorizePayment", calls: 1, meanUs: 500, samples: 4 })
    expect(before.areas).toMatchObject({
      "plugin code": 0.25,
      "Node's HTTP client": 0.25,
      "Node runtime": 0.25,
      idle: 0.25,
      "Medusa and its libraries": 0,
    })
    expect(before.pluginFunctions).toEqual([{ name: "authorizePayment (src/providers/newday/service)", share: 0.25 }])

    const [module] = attribute(run, modulePathSpans)
    expect(module).toMatchObject({ meanUs: 200, samples: 2 })
    expect(module.areas["Medusa and its libraries"]).toBe(1)
  })
})
