// "Test connection" for the admin settings page: the merchant's lease settings are a read that
// needs the API key and changes nothing.
import type { FlexShopperClient } from "./client"

export async function checkFlexShopperConnection(client: Pick<FlexShopperClient, "getLeaseSettings">): Promise<string> {
  const settings = await client.getLeaseSettings({ fresh: true })
  return `API key accepted; minimum lease order value $${settings.minimumOrderValue}.`
}
