import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CreditCard } from "@medusajs/icons"
import { Container, Heading, Skeleton, Text } from "@medusajs/ui"
import { LenderCard } from "../../../components/financing/lender-card"
import { useFinancingLenders } from "../../../hooks/use-financing-lenders"
import { errorMessage } from "../../../lib/format"

const FinancingSettingsPage = () => {
  const { data, isLoading, isError, error } = useFinancingLenders()

  return (
    <div className="flex flex-col gap-y-3" data-testid="medusa-plugin-financing:settings">
      <Container className="px-6 py-4">
        <Heading level="h1">Financing</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Lenders offered at checkout, how each is configured, and the URLs to give them. Enable a lender for a region
          under Settings → Regions.
        </Text>
        {/* Relative: the admin may be served under another path than /app. */}
        <a
          className="txt-compact-small-plus text-ui-fg-interactive"
          href="financing/reconciliation"
          data-testid="financing-reconciliation-link"
        >
          Reconciliation: Medusa's captures and refunds against each lender's confirmations →
        </a>
      </Container>
      {isLoading && (
        <Container className="flex flex-col gap-y-2 px-6 py-4">
          <Skeleton className="h-5 w-40" />
          <Skeleton className="h-4 w-full" />
        </Container>
      )}
      {isError && (
        <Container className="px-6 py-4">
          <Text className="text-ui-fg-error">Could not load the lenders: {errorMessage(error)}</Text>
        </Container>
      )}
      {data?.lenders.map((lender) => (
        <LenderCard key={lender.slug} lender={lender} />
      ))}
    </div>
  )
}

export const config = defineRouteConfig({ label: "Financing", icon: CreditCard })

export default FinancingSettingsPage
