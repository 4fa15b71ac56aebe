import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CreditCard } from "@medusajs/icons"
import { Badge, Container, Heading, StatusBadge, Table, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { sdk } from "../../../lib/sdk"
import type { FinancingLenderSummary } from "../../../lib/types"

const FinancingSettingsPage = () => {
  const { data, isLoading, isError, error } = useQuery({
    queryKey: ["financing", "lenders"],
    queryFn: () => sdk.client.fetch<{ lenders: FinancingLenderSummary[] }>("/admin/financing/lenders"),
  })

  return (
    <Container className="divide-y p-0" data-testid="medusa-plugin-financing:settings">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">Financing</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Lenders offered at checkout. Enable a lender for a region under Settings → Regions.
          </Text>
        </div>
      </div>
      {isLoading && <Text className="px-6 py-4">Loading lenders…</Text>}
      {isError && (
        <Text className="px-6 py-4 text-ui-fg-error">
          Could not load the lenders: {error instanceof Error ? error.message : "unknown error"}
        </Text>
      )}
      {data && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Lender</Table.HeaderCell>
              <Table.HeaderCell>Provider</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell>Regions</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.lenders.map((lender) => (
              <Table.Row key={lender.slug} data-testid={`financing-lender-${lender.slug}`}>
                <Table.Cell>{lender.name}</Table.Cell>
                <Table.Cell>
                  <code>{lender.provider_id}</code>
                </Table.Cell>
                <Table.Cell>
                  {lender.registered ? (
                    <StatusBadge color={lender.enabled ? "green" : "orange"}>
                      {lender.enabled ? "Registered" : "Disabled"}
                    </StatusBadge>
                  ) : (
                    <StatusBadge color="grey">Not configured</StatusBadge>
                  )}
                </Table.Cell>
                <Table.Cell>
                  {lender.regions.length ? (
                    <div className="flex flex-wrap gap-1">
                      {lender.regions.map((region) => (
                        <Badge key={region.id} size="2xsmall">
                          {region.name} ({region.currency_code.toUpperCase()})
                        </Badge>
                      ))}
                    </div>
                  ) : (
                    <Text size="small" className="text-ui-fg-muted">
                      No region
                    </Text>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({ label: "Financing", icon: CreditCard })

export default FinancingSettingsPage
