import { Badge, Button, Container, Copy, Heading, StatusBadge, Text } from "@medusajs/ui"
import { useTestConnection } from "../../hooks/use-financing-lenders"
import { errorMessage } from "../../lib/format"
import type { FinancingLenderSummary } from "../../lib/types"
import { LenderCredentialsForm } from "./lender-credentials-form"
import { LenderSettingsForm } from "./lender-settings-form"

const UrlLine = ({ label, url, testId }: { label: string; url: string; testId?: string }) => (
  <div className="flex items-center justify-between gap-x-2">
    <div className="flex min-w-0 flex-col">
      <Text size="xsmall" className="text-ui-fg-subtle">
        {label}
      </Text>
      <code className="txt-compact-small break-all">{url}</code>
    </div>
    <Copy content={url} data-testid={testId} />
  </div>
)

/** One lender on Settings → Financing: configuration, mode, regions, URLs and "Test connection". */
export const LenderCard = ({ lender }: { lender: FinancingLenderSummary }) => {
  const test = useTestConnection(lender.slug)
  const result = test.data

  return (
    <Container className="divide-y p-0" data-testid={`financing-lender-${lender.slug}`}>
      <div className="flex items-center justify-between gap-x-2 px-6 py-4">
        <div className="flex flex-col">
          <Heading level="h2">{lender.name}</Heading>
          <code className="txt-compact-xsmall text-ui-fg-subtle">{lender.provider_id}</code>
        </div>
        <div className="flex items-center gap-x-2">
          {lender.mode && (
            <Badge
              size="2xsmall"
              color={lender.mode === "sandbox" ? "orange" : "green"}
              data-testid={`financing-mode-${lender.slug}`}
            >
              {lender.mode === "sandbox" ? "Sandbox" : "Live"}
            </Badge>
          )}
          {lender.configured ? (
            <StatusBadge color={lender.enabled ? "green" : "orange"}>
              {lender.enabled ? "Configured" : "Disabled"}
            </StatusBadge>
          ) : (
            <StatusBadge color="grey">Not configured</StatusBadge>
          )}
        </div>
      </div>

      {lender.missing_options.length > 0 && (
        <div className="flex flex-col gap-y-1 px-6 py-4" data-testid={`financing-missing-${lender.slug}`}>
          <Text size="small" weight="plus">
            Missing options
          </Text>
          {lender.missing_options.map((m) => (
            <Text key={m.option} size="small" className="text-ui-fg-subtle">
              <code>{m.option}</code>
              {m.env ? (
                <>
                  {" "}
                  — set <code>{m.env}</code>
                </>
              ) : null}
            </Text>
          ))}
        </div>
      )}

      <div className="flex flex-col gap-y-1 px-6 py-4">
        <Text size="small" weight="plus">
          Regions
        </Text>
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
            Not enabled in any region (Settings → Regions).
          </Text>
        )}
        {lender.base_url && (
          <Text size="xsmall" className="text-ui-fg-muted">
            API: <code>{lender.base_url}</code>
          </Text>
        )}
      </div>

      <div className="flex flex-col gap-y-2 px-6 py-4">
        <Text size="small" weight="plus">
          URLs for the {lender.name} dashboard
        </Text>
        {lender.urls.webhook && (
          <UrlLine label="Webhook URL" url={lender.urls.webhook} testId={`financing-copy-${lender.slug}-webhook`} />
        )}
        {lender.urls.return && (
          <UrlLine label="Return URL" url={lender.urls.return} testId={`financing-copy-${lender.slug}-return`} />
        )}
        {lender.urls.other.map((u) => (
          <UrlLine key={u.url} label={u.label} url={u.url} />
        ))}
        {!lender.urls.webhook && !lender.urls.return && lender.urls.other.length === 0 && (
          <Text size="small" className="text-ui-fg-muted">
            {lender.name} calls nothing back: there is no URL to configure.
          </Text>
        )}
      </div>

      <LenderSettingsForm lender={lender} />
      <LenderCredentialsForm lender={lender} />

      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        <div
          className="min-w-0"
          data-testid={`financing-test-result-${lender.slug}`}
          data-ok={result ? String(result.ok) : undefined}
        >
          {test.isPending && (
            <Text size="small" className="text-ui-fg-subtle">
              Testing…
            </Text>
          )}
          {result && (
            <Text size="small" className={result.ok ? "text-ui-fg-interactive" : "text-ui-fg-error"}>
              {result.ok ? "Connected" : "Failed"} in {result.latency_ms} ms — {result.detail}
            </Text>
          )}
          {test.isError && (
            <Text size="small" className="text-ui-fg-error">
              Could not run the test: {errorMessage(test.error)}
            </Text>
          )}
        </div>
        <Button
          size="small"
          variant="secondary"
          data-testid={`financing-test-connection-${lender.slug}`}
          disabled={!lender.registered || lender.missing_options.length > 0}
          isLoading={test.isPending}
          onClick={() => test.mutate()}
        >
          Test connection
        </Button>
      </div>
    </Container>
  )
}
