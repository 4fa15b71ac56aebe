// Shapes returned by the plugin's admin routes (src/api/admin/financing).
export interface FinancingLenderSummary {
  slug: string
  name: string
  provider_id: string
  registered: boolean
  enabled: boolean
  regions: Array<{ id: string; name: string; currency_code: string }>
}
