import { Button, Text } from "@medusajs/ui"
import { errorMessage } from "../../lib/format"

/** A form's footer: the save's error or success in words, and its button. */
export const SaveFooter = ({
  testId,
  mutation,
  saved,
  label = "Save",
  onSave,
}: {
  /** Prefix of the data-testids: `<testId>-result`, `<testId>-save`. */
  testId: string
  mutation: { isError: boolean; isSuccess: boolean; isPending: boolean; error: unknown }
  saved: string
  label?: string
  onSave: () => void
}) => (
  <div className="flex items-center justify-between gap-x-4">
    <div className="min-w-0" data-testid={`${testId}-result`}>
      {mutation.isError && (
        <Text size="small" className="text-ui-fg-error">
          {errorMessage(mutation.error)}
        </Text>
      )}
      {mutation.isSuccess && !mutation.isPending && (
        <Text size="small" className="text-ui-fg-interactive">
          {saved}
        </Text>
      )}
    </div>
    <Button size="small" data-testid={`${testId}-save`} isLoading={mutation.isPending} onClick={onSave}>
      {label}
    </Button>
  </div>
)
