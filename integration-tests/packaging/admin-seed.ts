// Sets a freshly installed store up for the demo catalogue the way its owner would: through the
// admin API only (no seed script of ours exists in a store that merely installed the plugin).
// Currencies, a sales channel, the UK (GBP) and US (USD) regions with their lenders enabled,
// tax regions, a stock location with shipping for both countries, a publishable key and the
// products in stock. Whatever the store already has (the official starter seeds a European
// region that owns "gb") is left alone, except that a country moves to the region created for it.
// Returns the same shape as demo/seed-store.ts, so every journey helper of the HTTP tests works.
import type { AxiosInstance } from "axios"
import { DEMO_PRODUCTS, DEMO_REGIONS, demoProductInput, type DemoRegionKey } from "../../demo/catalog"
import type { SeededStore } from "../../demo/seed-store"

const STOCK_PER_VARIANT = 1000

type Admin = { headers: Record<string, string> }

/** The admin API with a failure message that says which call failed and what Medusa answered. */
function adminApi(api: AxiosInstance, admin: Admin) {
  const explain = (method: string, url: string) => (error: { response?: { status: number; data: unknown } }) => {
    if (!error.response) throw error
    throw new Error(`${method} ${url} answered ${error.response.status}: ${JSON.stringify(error.response.data)}`)
  }
  return {
    get: async (url: string) => (await api.get(url, admin).catch(explain("GET", url))).data,
    post: async (url: string, body: unknown) => (await api.post(url, body, admin).catch(explain("POST", url))).data,
  }
}

export async function seedStoreOverAdminApi(api: AxiosInstance, admin: Admin): Promise<SeededStore> {
  const http = adminApi(api, admin)
  const registered = new Set<string>(
    (await http.get("/admin/payments/payment-providers?limit=100")).payment_providers.map((p: { id: string }) => p.id),
  )

  // GBP and USD join whatever currencies the store already sells in.
  const { stores } = await http.get("/admin/stores?fields=id,*supported_currencies")
  const current: Array<{ currency_code: string; is_default?: boolean }> = stores[0].supported_currencies ?? []
  const hasDefault = current.some((c) => c.is_default)
  const added = ["gbp", "usd"].filter((code) => !current.some((c) => c.currency_code === code))
  await http.post(`/admin/stores/${stores[0].id}`, {
    supported_currencies: [
      ...current.map((c) => ({ currency_code: c.currency_code, is_default: !!c.is_default })),
      ...added.map((code, i) => ({ currency_code: code, is_default: !hasDefault && i === 0 })),
    ],
  })

  const { sales_channel: salesChannel } = await http.post("/admin/sales-channels", {
    name: "Financing packaging check",
  })
  const regions = {} as SeededStore["regions"]
  for (const [key, spec] of Object.entries(DEMO_REGIONS) as Array<
    [DemoRegionKey, (typeof DEMO_REGIONS)[DemoRegionKey]]
  >) {
    await releaseCountry(http, spec.country)
    const payment_providers = ["pp_system_default", ...spec.lenders.map((slug) => `pp_${slug}_${slug}`)].filter((id) =>
      registered.has(id),
    )
    const { region } = await http.post("/admin/regions", {
      name: spec.name,
      currency_code: spec.currency_code,
      countries: [spec.country],
      payment_providers,
    })
    const { tax_regions } = await http.get(`/admin/tax-regions?country_code=${spec.country}`)
    if (!tax_regions.length)
      await http.post("/admin/tax-regions", { country_code: spec.country, provider_id: "tp_system" })
    regions[key] = { id: region.id, currency_code: spec.currency_code, payment_providers }
  }

  const { stock_location: location } = await http.post("/admin/stock-locations", {
    name: "Packaging check warehouse",
    address: { address_1: "1 Warehouse Lane", city: "London", country_code: "GB" },
  })
  await http.post(`/admin/stock-locations/${location.id}/sales-channels`, { add: [salesChannel.id] })
  await http.post(`/admin/stock-locations/${location.id}/fulfillment-providers`, { add: ["manual_manual"] })
  const withSet = await http.post(`/admin/stock-locations/${location.id}/fulfillment-sets?fields=*fulfillment_sets`, {
    name: "Packaging check delivery",
    type: "shipping",
  })
  const fulfillmentSetId = withSet.stock_location.fulfillment_sets[0].id as string

  const shippingProfileId = await defaultShippingProfile(http)
  const shippingOptions = {} as SeededStore["shippingOptions"]
  for (const [key, spec] of Object.entries(DEMO_REGIONS) as Array<
    [DemoRegionKey, (typeof DEMO_REGIONS)[DemoRegionKey]]
  >) {
    const zoned = await http.post(`/admin/fulfillment-sets/${fulfillmentSetId}/service-zones?fields=*service_zones`, {
      name: spec.name,
      geo_zones: [{ type: "country", country_code: spec.country }],
    })
    const zone = zoned.fulfillment_set.service_zones.find((z: { name: string }) => z.name === spec.name)
    const { shipping_option } = await http.post("/admin/shipping-options", {
      name: `Standard delivery (${spec.name})`,
      service_zone_id: zone.id,
      shipping_profile_id: shippingProfileId,
      provider_id: "manual_manual",
      price_type: "flat",
      type: { label: "Standard", description: "Delivered in 3–5 working days.", code: "standard" },
      prices: [
        { currency_code: spec.currency_code, amount: spec.shippingPrice },
        { region_id: regions[key].id, amount: spec.shippingPrice },
      ],
      rules: [
        { attribute: "enabled_in_store", value: "true", operator: "eq" },
        { attribute: "is_return", value: "false", operator: "eq" },
      ],
    })
    shippingOptions[key] = shipping_option.id
  }

  const { api_key: apiKey } = await http.post("/admin/api-keys", {
    title: "Packaging check storefront",
    type: "publishable",
  })
  await http.post(`/admin/api-keys/${apiKey.id}/sales-channels`, { add: [salesChannel.id] })

  const products: SeededStore["products"] = []
  for (const p of DEMO_PRODUCTS) {
    const { product } = await http.post("/admin/products?fields=id,handle,*variants,*variants.inventory_items", {
      ...demoProductInput(p),
      status: "published",
      shipping_profile_id: shippingProfileId,
      sales_channels: [{ id: salesChannel.id }],
    })
    for (const variant of product.variants) {
      for (const item of variant.inventory_items ?? []) {
        await http.post(`/admin/inventory-items/${item.inventory_item_id}/location-levels`, {
          location_id: location.id,
          stocked_quantity: STOCK_PER_VARIANT,
        })
      }
    }
    products.push({
      id: product.id,
      handle: product.handle,
      variants: product.variants.map((v: { id: string; sku: string }) => ({ id: v.id, sku: v.sku })),
    })
  }

  return {
    regions,
    salesChannelId: salesChannel.id,
    publishableKey: apiKey.token,
    stockLocationId: location.id,
    shippingOptions,
    products,
  }
}

/** A country belongs to one region: take it away from a region the store already has. */
async function releaseCountry(http: ReturnType<typeof adminApi>, country: string) {
  const { regions } = await http.get("/admin/regions?fields=id,*countries&limit=100")
  for (const region of regions as Array<{ id: string; countries: Array<{ iso_2: string }> }>) {
    const codes = region.countries.map((c) => c.iso_2)
    if (codes.includes(country))
      await http.post(`/admin/regions/${region.id}`, { countries: codes.filter((c) => c !== country) })
  }
}

async function defaultShippingProfile(http: ReturnType<typeof adminApi>): Promise<string> {
  const { shipping_profiles } = await http.get("/admin/shipping-profiles?type=default")
  if (shipping_profiles.length) return shipping_profiles[0].id
  const { shipping_profile } = await http.post("/admin/shipping-profiles", { name: "Default", type: "default" })
  return shipping_profile.id
}
