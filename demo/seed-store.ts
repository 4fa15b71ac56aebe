// A small two-region store for the demo and the HTTP integration tests: a UK region in GBP and
// a US region in USD, furniture-priced products (lenders have minimum amounts) with SKUs and
// stock, shipping options for both regions, a publishable API key, and each region's financing
// lenders enabled as payment providers.
//
// Safe to run repeatedly: what exists is found and reused; region payment providers are
// re-synchronised every time so lenders added to medusa-config.ts show up on the next run.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateRegionsWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import { DEMO_PRODUCTS, DEMO_REGIONS, demoProductInput, type DemoRegionKey } from "./catalog"

export interface SeededStore {
  regions: Record<DemoRegionKey, { id: string; currency_code: string; payment_providers: string[] }>
  salesChannelId: string
  publishableKey: string
  stockLocationId: string
  shippingOptions: Record<DemoRegionKey, string>
  products: Array<{ id: string; handle: string; variants: Array<{ id: string; sku: string }> }>
}

const SALES_CHANNEL = "Financing Demo Store"
const STOCK_LOCATION = "Demo Warehouse"
const API_KEY_TITLE = "Financing demo storefront"
const STOCK_PER_VARIANT = 1000

export async function seedStore(container: MedusaContainer): Promise<SeededStore> {
  await ensureStoreCurrencies(container)
  const salesChannelId = await ensureSalesChannel(container)
  const regions = await ensureRegions(container)
  const stockLocationId = await ensureStockLocation(container, salesChannelId)
  const shippingOptions = await ensureShipping(container, stockLocationId, regions)
  const publishableKey = await ensurePublishableKey(container, salesChannelId)
  const products = await ensureProducts(
    container,
    salesChannelId,
    stockLocationId,
    await defaultShippingProfileId(container),
  )
  return { regions, salesChannelId, publishableKey, stockLocationId, shippingOptions, products }
}

async function ensureStoreCurrencies(container: MedusaContainer) {
  const storeModule = container.resolve(Modules.STORE)
  const [store] = await storeModule.listStores({}, { relations: ["supported_currencies"] })
  const have = new Set((store.supported_currencies ?? []).map((c) => c.currency_code))
  if (have.has("gbp") && have.has("usd")) return
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: [{ currency_code: "gbp", is_default: true }, { currency_code: "usd" }],
      },
    },
  })
}

async function ensureSalesChannel(container: MedusaContainer): Promise<string> {
  const salesChannels = container.resolve(Modules.SALES_CHANNEL)
  const [existing] = await salesChannels.listSalesChannels({ name: SALES_CHANNEL })
  if (existing) return existing.id
  const { result } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: SALES_CHANNEL }] },
  })
  return result[0].id
}

/** Providers registered in this app that each region should offer. */
async function providersFor(container: MedusaContainer, wanted: readonly string[]): Promise<string[]> {
  const payments = container.resolve(Modules.PAYMENT)
  const registered = new Set((await payments.listPaymentProviders({})).map((p) => p.id))
  return ["pp_system_default", ...wanted.map((slug) => `pp_${slug}_${slug}`).filter((id) => registered.has(id))]
}

async function ensureRegions(container: MedusaContainer): Promise<SeededStore["regions"]> {
  const regionModule = container.resolve(Modules.REGION)
  const out = {} as SeededStore["regions"]
  for (const [key, spec] of Object.entries(DEMO_REGIONS) as Array<
    [DemoRegionKey, (typeof DEMO_REGIONS)[DemoRegionKey]]
  >) {
    const payment_providers = await providersFor(container, spec.lenders)
    let [region] = await regionModule.listRegions({ name: spec.name })
    if (!region) {
      const { result } = await createRegionsWorkflow(container).run({
        input: {
          regions: [
            { name: spec.name, currency_code: spec.currency_code, countries: [spec.country], payment_providers },
          ],
        },
      })
      region = result[0]
      await createTaxRegionsWorkflow(container).run({
        input: [{ country_code: spec.country, provider_id: "tp_system" }],
      })
    } else {
      await updateRegionsWorkflow(container).run({
        input: { selector: { id: region.id }, update: { payment_providers } },
      })
    }
    out[key] = { id: region.id, currency_code: spec.currency_code, payment_providers }
  }
  return out
}

async function ensureStockLocation(container: MedusaContainer, salesChannelId: string): Promise<string> {
  const locations = container.resolve(Modules.STOCK_LOCATION)
  const [existing] = await locations.listStockLocations({ name: STOCK_LOCATION })
  if (existing) return existing.id
  const { result } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: [
        { name: STOCK_LOCATION, address: { city: "London", country_code: "GB", address_1: "1 Demo Street" } },
      ],
    },
  })
  const location = result[0]
  await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [salesChannelId] } })
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })
  return location.id
}

async function ensureShipping(
  container: MedusaContainer,
  stockLocationId: string,
  regions: SeededStore["regions"],
): Promise<SeededStore["shippingOptions"]> {
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const profileId = await defaultShippingProfileId(container)

  const out = {} as SeededStore["shippingOptions"]
  for (const [key, spec] of Object.entries(DEMO_REGIONS) as Array<
    [DemoRegionKey, (typeof DEMO_REGIONS)[DemoRegionKey]]
  >) {
    const optionName = `Standard delivery (${spec.name})`
    const [existing] = await fulfillment.listShippingOptions({ name: optionName })
    if (existing) {
      out[key] = existing.id
      continue
    }
    const set = await fulfillment.createFulfillmentSets({
      name: `${spec.name} delivery`,
      type: "shipping",
      service_zones: [{ name: spec.name, geo_zones: [{ country_code: spec.country, type: "country" }] }],
    })
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: stockLocationId },
      [Modules.FULFILLMENT]: { fulfillment_set_id: set.id },
    })
    const { result } = await createShippingOptionsWorkflow(container).run({
      input: [
        {
          name: optionName,
          price_type: "flat",
          provider_id: "manual_manual",
          service_zone_id: set.service_zones[0].id,
          shipping_profile_id: profileId,
          type: { label: "Standard", description: "Delivered in 3–5 working days.", code: "standard" },
          prices: [
            { currency_code: spec.currency_code, amount: spec.shippingPrice },
            { region_id: regions[key].id, amount: spec.shippingPrice },
          ],
          rules: [
            { attribute: "enabled_in_store", value: "true", operator: "eq" },
            { attribute: "is_return", value: "false", operator: "eq" },
          ],
        },
      ],
    })
    out[key] = result[0].id
  }
  return out
}

async function defaultShippingProfileId(container: MedusaContainer): Promise<string> {
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const [existing] = await fulfillment.listShippingProfiles({ type: "default" })
  if (existing) return existing.id
  const { result } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default", type: "default" }] },
  })
  return result[0].id
}

async function ensurePublishableKey(container: MedusaContainer, salesChannelId: string): Promise<string> {
  const apiKeys = container.resolve(Modules.API_KEY)
  const [existing] = await apiKeys.listApiKeys({ title: API_KEY_TITLE, type: "publishable" })
  if (existing) return existing.token
  const { result } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: API_KEY_TITLE, type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: result[0].id, add: [salesChannelId] } })
  return result[0].token
}

async function ensureProducts(
  container: MedusaContainer,
  salesChannelId: string,
  stockLocationId: string,
  shippingProfileId: string,
): Promise<SeededStore["products"]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const handles = DEMO_PRODUCTS.map((p) => p.handle)
  const fields = ["id", "handle", "variants.id", "variants.sku"]

  const { data: existing } = await query.graph({ entity: "product", fields, filters: { handle: handles } })
  const missing = DEMO_PRODUCTS.filter((p) => !existing.some((e: { handle: string }) => e.handle === p.handle))
  if (missing.length) {
    await createProductsWorkflow(container).run({
      input: {
        products: missing.map((p) => ({
          ...demoProductInput(p),
          status: ProductStatus.PUBLISHED,
          shipping_profile_id: shippingProfileId,
          sales_channels: [{ id: salesChannelId }],
        })),
      },
    })
    await stockNewInventory(container, stockLocationId)
  }

  const { data } = await query.graph({ entity: "product", fields, filters: { handle: handles } })
  return data as SeededStore["products"]
}

async function stockNewInventory(container: MedusaContainer, stockLocationId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: items } = await query.graph({ entity: "inventory_item", fields: ["id", "location_levels.location_id"] })
  const unstocked = items.filter(
    (item: { location_levels?: Array<{ location_id: string }> }) =>
      !(item.location_levels ?? []).some((level) => level.location_id === stockLocationId),
  )
  if (!unstocked.length) return
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: unstocked.map((item: { id: string }) => ({
        inventory_item_id: item.id,
        location_id: stockLocationId,
        stocked_quantity: STOCK_PER_VARIANT,
      })),
    },
  })
}
