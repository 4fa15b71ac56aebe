import { Checkbox, Input, Label, Switch, Text, Textarea } from "@medusajs/ui"
import { useLenderPlanChoices } from "../../hooks/use-financing-lenders"
import type { FinancingLenderSummary } from "../../lib/types"

export interface PromotionFieldValues {
  messaging: boolean
  promotionText: string
  representativeApr: string
  plans: number[] | null
}

/** The form's promotion values from what is saved. */
export function savedPromotionValues(settings: FinancingLenderSummary["settings"]): PromotionFieldValues {
  return {
    messaging: settings.messaging,
    promotionText: settings.promotion_text ?? "",
    representativeApr: settings.representative_apr ?? "",
    plans: settings.plans,
  }
}

/** The request fields for the values (empty wording or APR returns to the default). */
export function promotionBody(values: PromotionFieldValues, lender: FinancingLenderSummary) {
  const promotion = lender.settings.promotion
  if (!promotion) return { messaging: values.messaging }
  return {
    messaging: values.messaging,
    promotion_text: values.promotionText.trim() || null,
    ...(promotion.apr_from_settings ? { representative_apr: values.representativeApr.trim() || null } : {}),
    ...(promotion.chooses_plans ? { plans: values.plans } : {}),
  }
}

/**
 * Finance promotions for one lender: on/off, the representative example's wording (FCA CONC 3.5:
 * the server refuses wording that drops a required figure), the representative APR where the
 * lender's quotes carry none, and the plans offered where the lender has several.
 */
export const LenderPromotionFields = ({
  lender,
  values,
  onChange,
}: {
  lender: FinancingLenderSummary
  values: PromotionFieldValues
  onChange: (values: PromotionFieldValues) => void
}) => {
  const promotion = lender.settings.promotion
  const id = (field: string) => `financing-settings-${lender.slug}-${field}`
  const planChoices = useLenderPlanChoices(lender.slug, Boolean(promotion?.chooses_plans))
  const set = (patch: Partial<PromotionFieldValues>) => onChange({ ...values, ...patch })
  const togglePlan = (planId: number, on: boolean, all: number[]) => {
    const current = values.plans ?? all
    const next = on ? [...new Set([...current, planId])] : current.filter((p) => p !== planId)
    set({ plans: next.length === all.length ? null : next.sort((a, b) => a - b) })
  }

  return (
    <div className="flex flex-col gap-y-2" data-testid={id("promotion")}>
      <div className="flex items-center justify-between">
        <Label htmlFor={id("messaging")} size="small">
          Show finance messages (product, cart and payment pages)
        </Label>
        <Switch
          id={id("messaging")}
          data-testid={id("messaging")}
          checked={values.messaging}
          onCheckedChange={(messaging) => set({ messaging })}
        />
      </div>
      {promotion && (
        <>
          <Label htmlFor={id("promotion-text")} size="small">
            Representative example wording
          </Label>
          <Textarea
            id={id("promotion-text")}
            data-testid={id("promotion-text")}
            rows={4}
            placeholder={promotion.default_text}
            value={values.promotionText}
            onChange={(e) => set({ promotionText: e.target.value })}
          />
          <Text size="xsmall" className="text-ui-fg-subtle">
            Empty keeps the default above. Figures are filled in per amount:{" "}
            {Object.entries(promotion.placeholders)
              .map(([name, meaning]) => `{${name}} ${meaning}`)
              .join("; ")}
            . A repayment figure needs its representative example (FCA CONC 3.5.5R), so{" "}
            {promotion.required.map((name) => `{${name}}`).join(", ")} must stay.
          </Text>
          {promotion.apr_from_settings && (
            <div className="flex flex-col gap-y-1">
              <Label htmlFor={id("apr")} size="small">
                Representative APR (%) from your {promotion.creditor} agreement
              </Label>
              <Input
                id={id("apr")}
                data-testid={id("apr")}
                placeholder="No monthly figures are shown until this is set"
                value={values.representativeApr}
                onChange={(e) => set({ representativeApr: e.target.value })}
              />
            </div>
          )}
          {promotion.chooses_plans && (
            <div className="flex flex-col gap-y-1" data-testid={id("plans")}>
              <Text size="small">Plans offered</Text>
              {planChoices.data?.error && (
                <Text size="xsmall" className="text-ui-fg-error">
                  {planChoices.data.error}
                </Text>
              )}
              {planChoices.data?.plans.map((plan, _, all) => (
                <div key={plan.id} className="flex items-center gap-x-2">
                  <Checkbox
                    id={id(`plan-${plan.id}`)}
                    data-testid={id(`plan-${plan.id}`)}
                    checked={values.plans === null || values.plans.includes(plan.id)}
                    onCheckedChange={(on) =>
                      togglePlan(
                        plan.id,
                        on === true,
                        all.map((p) => p.id),
                      )
                    }
                  />
                  <Label htmlFor={id(`plan-${plan.id}`)} size="small">
                    {plan.name} ({plan.apr}% APR)
                  </Label>
                </div>
              ))}
            </div>
          )}
        </>
      )}
    </div>
  )
}
