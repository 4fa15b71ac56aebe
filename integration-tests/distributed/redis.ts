// Just enough Redis for the distributed tests: is it there, and empty the database a run uses.
// Plain RESP over a socket, so the tests need no Redis client of their own.
import net from "node:net"

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379"

function encode(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`
}

/** Sends commands on one connection; resolves with the raw replies once every one has answered. */
export function redisCommands(url: string, commands: string[][], timeoutMs = 3000): Promise<string> {
  const { hostname, port, pathname } = new URL(url)
  const db = pathname.replace(/^\//, "")
  if (db) commands = [["SELECT", db], ...commands]
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname || "127.0.0.1", port: Number(port || 6379) })
    let replies = ""
    const fail = (error: Error) => {
      socket.destroy()
      reject(error)
    }
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer from Redis at ${url} within ${timeoutMs} ms`)))
    socket.on("error", fail)
    socket.on("connect", () => socket.write(commands.map(encode).join("")))
    socket.on("data", (chunk) => {
      replies += chunk.toString("utf8")
      // Every command used here answers one line (+OK, +PONG, :n, -ERR …).
      if (replies.split("\r\n").filter(Boolean).length >= commands.length) {
        socket.end()
        resolve(replies)
      }
    })
  })
}

/** Fails with a message saying what to do when no Redis answers at `url`. */
export async function requireRedis(url: string): Promise<void> {
  let reply = ""
  try {
    reply = await redisCommands(url, [["PING"]])
  } catch (error) {
    throw new Error(
      `The distributed-Medusa tests need Redis at ${url} (event bus, workflow engine, locking) and none answered: ` +
        `${error instanceof Error ? error.message : String(error)}. Start one (redis-server --port 6379 --save "" --daemonize yes; ` +
        `.ci/run does this in CI) or point REDIS_URL at one.`,
    )
  }
  if (!reply.startsWith("+PONG")) throw new Error(`Redis at ${url} answered PING with ${JSON.stringify(reply.trim())}`)
}

/** The same server, another logical database (0–15): one per run, so runs never share queues or locks. */
export function redisUrlWithDb(url: string, db: number): string {
  const parsed = new URL(url)
  parsed.pathname = `/${db}`
  return parsed.toString()
}

export async function flushRedisDb(url: string, db: number): Promise<void> {
  const reply = await redisCommands(url, [["SELECT", String(db)], ["FLUSHDB"]])
  if (reply.includes("-ERR")) throw new Error(`Redis refused to empty database ${db}: ${reply.trim()}`)
}
