// The ApiClient the checkout helpers expect (Medusa's axios-like test client), over plain fetch,
// for the browser tests whose Medusa runs in another process.
import type { ApiClient } from "../utils/store-api"

interface RequestConfig {
  headers?: Record<string, string>
  maxRedirects?: number
  validateStatus?: (status: number) => boolean
}

export interface FetchResponse {
  status: number
  data: any
  headers: Record<string, string>
}

export function fetchApi(baseUrl: string): ApiClient {
  async function request(
    method: string,
    url: string,
    body: unknown,
    config: RequestConfig = {},
  ): Promise<FetchResponse> {
    const headers: Record<string, string> = { ...(config.headers ?? {}) }
    if (body !== undefined) headers["content-type"] = "application/json"
    const res = await fetch(new URL(url, baseUrl), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: config.maxRedirects === 0 ? "manual" : "follow",
    })
    const text = await res.text()
    let data: unknown = text
    try {
      data = text ? JSON.parse(text) : undefined
    } catch {
      // not JSON: keep the text
    }
    const response = { status: res.status, data, headers: Object.fromEntries(res.headers.entries()) }
    const ok = config.validateStatus ?? ((status: number) => status >= 200 && status < 300)
    if (!ok(res.status)) {
      throw Object.assign(new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 300)}`), { response })
    }
    return response
  }
  return {
    get: (url, config) => request("GET", url, undefined, config as RequestConfig),
    post: (url, body, config) => request("POST", url, body ?? {}, config as RequestConfig),
    delete: (url, config) => request("DELETE", url, undefined, config as RequestConfig),
  }
}
