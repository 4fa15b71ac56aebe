// What the demo store sells and where. Prices are in major units (Medusa v2) and sized so every
// lender's minimum applies: FlexShopper leases start at $49.95, Payment Assist plans at tens of
// pounds, and the lamp is deliberately cheap enough to show "below the minimum" messaging.
export const DEMO_REGIONS = {
  uk: {
    name: "United Kingdom",
    country: "gb",
    currency_code: "gbp",
    shippingPrice: 9.95,
    lenders: ["payment-assist", "newday", "vault"],
  },
  us: {
    name: "United States",
    country: "us",
    currency_code: "usd",
    shippingPrice: 14.95,
    lenders: ["flexshopper", "vault"],
  },
} as const

export type DemoRegionKey = keyof typeof DEMO_REGIONS

export const DEMO_PRODUCTS = [
  {
    title: "Oak Dining Table",
    handle: "oak-dining-table",
    description: "Solid oak table that seats six.",
    variants: [
      { finish: "Natural", sku: "TABLE-OAK-NAT", gbp: 450, usd: 599 },
      { finish: "Smoked", sku: "TABLE-OAK-SMK", gbp: 495, usd: 649 },
    ],
  },
  {
    title: "Three-Seater Sofa",
    handle: "three-seater-sofa",
    description: "Deep-seated sofa in a washable weave.",
    variants: [
      { finish: "Charcoal", sku: "SOFA-3-CHAR", gbp: 1200, usd: 1499 },
      { finish: "Sand", sku: "SOFA-3-SAND", gbp: 1200, usd: 1499 },
    ],
  },
  {
    title: "Reading Armchair",
    handle: "reading-armchair",
    description: "Wingback armchair with a matching footstool.",
    variants: [{ finish: "Green velvet", sku: "CHAIR-WING-GRN", gbp: 220, usd: 289 }],
  },
  {
    title: "Bedside Lamp",
    handle: "bedside-lamp",
    description: "Brass lamp with a linen shade.",
    variants: [{ finish: "Brass", sku: "LAMP-BRASS", gbp: 35, usd: 45 }],
  },
] as const

/**
 * A catalogue product as Medusa's product input (the same shape for createProductsWorkflow and
 * POST /admin/products); status, shipping profile and sales channels are the caller's.
 */
export function demoProductInput(p: (typeof DEMO_PRODUCTS)[number]) {
  return {
    title: p.title,
    handle: p.handle,
    description: p.description,
    options: [{ title: "Finish", values: p.variants.map((v) => v.finish) }],
    variants: p.variants.map((v) => ({
      title: v.finish,
      sku: v.sku,
      options: { Finish: v.finish },
      manage_inventory: true,
      prices: [
        { currency_code: "gbp", amount: v.gbp },
        { currency_code: "usd", amount: v.usd },
      ],
    })),
  }
}
