import { Text } from "@medusajs/ui"
import type { ReactNode } from "react"

/** A titled block of the widget, in the dashboard's "divide-y" container layout. */
export const Section = ({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) => (
  <div className="flex flex-col gap-y-2 px-6 py-4" data-testid={testId}>
    <Text size="small" weight="plus" leading="compact">
      {title}
    </Text>
    {children}
  </div>
)

/** One "label: value" line; values are selectable and wrap (references are long). */
export const Row = ({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) => (
  <div className="grid grid-cols-2 items-start gap-x-2">
    <Text size="small" leading="compact" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="small" leading="compact" className="break-all text-right" data-testid={testId}>
      {children}
    </Text>
  </div>
)
