import { willLog, writeLog } from "../http-log"

const scrub = (text: string) => text.replace(/secret-\w+/g, "[REDACTED]")

describe("lender request log", () => {
  it("builds and redacts the details only when the logger keeps the level", () => {
    const lines: string[] = []
    const quiet = { debug: (line: string) => lines.push(line), shouldLog: (level: string) => level !== "debug" }
    const build = jest.fn(() => ({ responseBody: { token: "secret-abc" } }))
    writeLog(quiet, "debug", "PA begin -> 200", build, scrub)
    expect(build).not.toHaveBeenCalled()
    expect(lines).toEqual([])
    expect(willLog(quiet, "debug")).toBe(false)
  })

  it("writes a kept level with the details scrubbed", () => {
    const lines: string[] = []
    const verbose = { debug: (line: string) => lines.push(line), shouldLog: () => true }
    writeLog(verbose, "debug", "PA begin -> 200", () => ({ responseBody: { token: "secret-abc" } }), scrub)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain("PA begin -> 200")
    expect(lines[0]).toContain("[REDACTED]")
    expect(lines[0]).not.toContain("secret-abc")
  })

  it("assumes a level is on for a logger that cannot say, and off for one without the method", () => {
    expect(willLog({ debug: () => undefined }, "debug")).toBe(true)
    expect(willLog({ info: () => undefined }, "debug")).toBe(false)
    expect(willLog(undefined, "warn")).toBe(false)
  })
})
