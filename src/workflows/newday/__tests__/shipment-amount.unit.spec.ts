// How much each shipment of a NewDay order settles.
import { shipmentSettlementMinor, type ShipmentSettlementInput } from "../shipment-amount"

const order = (over: Partial<ShipmentSettlementInput>): ShipmentSettlementInput => ({
  lines: [
    { id: "lamp", quantity: 4, totalMinor: 14000 },
    { id: "chair", quantity: 1, totalMinor: 22000 },
  ],
  shipped: {},
  shippedSoFar: {},
  shippingTotalMinor: 995,
  paymentAmountMinor: 36995,
  capturedMinor: 0,
  ...over,
})

it("settles the shipped units' share plus shipping on the first shipment", () => {
  expect(shipmentSettlementMinor(order({ shipped: { lamp: 2 }, shippedSoFar: { lamp: 2 } }))).toBe(7000 + 995)
})

it("leaves shipping out of later shipments", () => {
  expect(
    shipmentSettlementMinor(order({ shipped: { chair: 1 }, shippedSoFar: { lamp: 2, chair: 1 }, capturedMinor: 7995 })),
  ).toBe(22000)
})

it("settles everything still uncaptured on the shipment that completes the order", () => {
  expect(
    shipmentSettlementMinor(order({ shipped: { lamp: 2 }, shippedSoFar: { lamp: 4, chair: 1 }, capturedMinor: 29995 })),
  ).toBe(7000)
})

it("rounds shares down and lets the last shipment pick up the pennies", () => {
  const thirds = {
    lines: [{ id: "x", quantity: 3, totalMinor: 1000 }],
    shippingTotalMinor: 0,
    paymentAmountMinor: 1000,
  }
  const first = shipmentSettlementMinor(order({ ...thirds, shipped: { x: 1 }, shippedSoFar: { x: 1 } }))
  const second = shipmentSettlementMinor(
    order({ ...thirds, shipped: { x: 1 }, shippedSoFar: { x: 2 }, capturedMinor: first }),
  )
  const last = shipmentSettlementMinor(
    order({ ...thirds, shipped: { x: 1 }, shippedSoFar: { x: 3 }, capturedMinor: first + second }),
  )
  expect([first, second, last]).toEqual([333, 333, 334])
})

it("never settles more than the payment has left, and nothing once it is fully captured", () => {
  expect(
    shipmentSettlementMinor(order({ shipped: { chair: 1 }, shippedSoFar: { chair: 1 }, capturedMinor: 30000 })),
  ).toBe(6995)
  expect(
    shipmentSettlementMinor(order({ shipped: { lamp: 1 }, shippedSoFar: { lamp: 1 }, capturedMinor: 36995 })),
  ).toBe(0)
})
