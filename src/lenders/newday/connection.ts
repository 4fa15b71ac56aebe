// "Test connection" for the admin settings page: spend options for a nominal basket need the
// merchant's identity (subscription key, mTLS when configured) and create nothing at NewDay.
import type { NewDayClient } from "./client"

/** £100.00: inside every NewDay product's range, so a healthy account always answers with options. */
const PROBE_BASKET_MINOR = 10_000

export async function checkNewDayConnection(client: Pick<NewDayClient, "spendOptionsForProduct">): Promise<string> {
  const { options } = await client.spendOptionsForProduct({
    basketAmountMinor: PROBE_BASKET_MINOR,
    currencyCode: "GBP",
  })
  return `Merchant accepted; ${options.length} spend option${options.length === 1 ? "" : "s"} offered for a £100.00 basket.`
}
