// Boot-time checks of the FlexShopper options: the guessed-path overrides must be plain paths.
import { flexShopperLender } from "../lender"

const base = {
  apiKey: "k",
  authKey: "a",
  baseUrl: "https://apis.sandbox.flexshopper.com",
  sdkUrl: "https://pp3.sandbox.flexshopper.com",
}

describe("flexShopperLender.validateOptions: path overrides", () => {
  it("accepts overrides that start with /", () => {
    expect(() =>
      flexShopperLender.validateOptions({
        ...base,
        paths: {
          prequalComplete: "/v3/users/me/apply/complete",
          validateRoutingNumber: "/v3/banks/{routingNumber}",
          verifyAnswers: "/v3/kba",
          confirmReceipt: "/v3/transactions/{transactionId}/receipt",
        },
      }),
    ).not.toThrow()
  })

  it.each([
    [
      { prequalComplete: "v3/users/prequal" },
      /"paths.prequalComplete" option must be a path starting with \/ \(check FLEXSHOPPER_PREQUAL_COMPLETE_PATH\)/,
    ],
    [
      { validateRoutingNumber: "https://evil.example/v3" },
      /"paths.validateRoutingNumber" option must be a path starting with \/ \(check FLEXSHOPPER_ROUTING_NUMBER_PATH\)/,
    ],
    [{ verifyAnswers: "//evil.example/v3" }, /"paths.verifyAnswers" option must be a path on the API host/],
    [{ confirmReceipt: "/v3/../admin" }, /"paths.confirmReceipt" option must be a plain path/],
    [{ finalize: "/v3/x" }, /"paths.finalize" is not a path the plugin guesses/],
  ])("refuses %j at boot, naming the option and its env var", (paths, message) => {
    expect(() => flexShopperLender.validateOptions({ ...base, paths })).toThrow(message)
  })
})
