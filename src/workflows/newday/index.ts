// Workflows of the newday integration (exported through ../index.ts).
export * from "./reverse-on-cancel"
export * from "./settle-shipment"
export { shipmentSettlementMinor, type ShipmentLine, type ShipmentSettlementInput } from "./shipment-amount"
export * from "./confirmations"
