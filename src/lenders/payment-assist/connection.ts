// "Test connection" for the admin settings page: GET /account is signed with the merchant's key
// and secret and changes nothing, so it proves the credentials and the base URL.
import type { PaymentAssistClient } from "./client"

export async function checkPaymentAssistConnection(client: Pick<PaymentAssistClient, "account">): Promise<string> {
  const account = await client.account()
  const name = account.display_name || account.legal_name || "the merchant account"
  return `Signed in as ${name}; ${account.plans.length} plan${account.plans.length === 1 ? "" : "s"} available.`
}
