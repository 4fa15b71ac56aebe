import Medusa from "@medusajs/js-sdk"

// Same-origin by default: the admin is served by the Medusa server it talks to.
export const sdk = new Medusa({
  baseUrl: import.meta.env.VITE_BACKEND_URL || "/",
  debug: import.meta.env.DEV,
  auth: { type: "session" },
})
