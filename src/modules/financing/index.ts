import { Module } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "./constants"
import FinancingModuleService from "./service"

export default Module(FINANCING_MODULE, { service: FinancingModuleService })

export * from "./constants"
export * from "./types"
export { getFinancingLog } from "./registry"
export { FinancingModuleService }
