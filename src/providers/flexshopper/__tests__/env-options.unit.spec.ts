import { readFlexshopperOptions } from "../lender"
import {
  FLEXSHOPPER_SANDBOX_API_KEY,
  FLEXSHOPPER_SANDBOX_AUTH_KEY,
} from "../../../../packages/sandbox/src/flexshopper/credentials"

describe("readFlexshopperOptions", () => {
  it("is off without credentials or a sandbox", () => {
    expect(readFlexshopperOptions({}, "http://localhost:9000")).toBeUndefined()
  })

  it("points at the local sandbox with its built-in keys when FINANCING_SANDBOX_URL is set", () => {
    expect(
      readFlexshopperOptions({ FINANCING_SANDBOX_URL: "http://127.0.0.1:9100/" }, "http://localhost:9000"),
    ).toEqual({
      apiKey: FLEXSHOPPER_SANDBOX_API_KEY,
      authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
      baseUrl: "http://127.0.0.1:9100/flexshopper",
      sdkUrl: "http://127.0.0.1:9100/flexshopper/pp3",
      captureOn: "shipment",
      backendUrl: "http://localhost:9000",
    })
  })

  it("uses the merchant's keys, and FlexShopper's own sandbox hosts unless FLEXSHOPPER_BASE_URL says otherwise", () => {
    const env = {
      FLEXSHOPPER_API_KEY: "live-key",
      FLEXSHOPPER_AUTH_KEY: "auth",
      FLEXSHOPPER_CAPTURE_ON: "receipt",
      FINANCING_SANDBOX_URL: "http://127.0.0.1:9100",
    }
    expect(readFlexshopperOptions(env, "https://shop.example")).toMatchObject({
      apiKey: "live-key",
      authKey: "auth",
      baseUrl: "https://apis.sandbox.flexshopper.com",
      sdkUrl: "https://pp3.sandbox.flexshopper.com",
      captureOn: "receipt",
    })
    expect(
      readFlexshopperOptions(
        {
          ...env,
          FLEXSHOPPER_BASE_URL: "https://apis.flexshopper.com",
          FLEXSHOPPER_SDK_URL: "https://pp3.flexshopper.com",
        },
        "",
      ),
    ).toMatchObject({ baseUrl: "https://apis.flexshopper.com", sdkUrl: "https://pp3.flexshopper.com" })
  })

  it("reads the guessed-path overrides from FLEXSHOPPER_*_PATH", () => {
    const env = {
      FINANCING_SANDBOX_URL: "http://127.0.0.1:9100",
      FLEXSHOPPER_PREQUAL_COMPLETE_PATH: "/v3/apply/complete",
      FLEXSHOPPER_VERIFY_ANSWERS_PATH: " /v3/kba ",
    }
    expect(readFlexshopperOptions(env, "")).toMatchObject({
      paths: { prequalComplete: "/v3/apply/complete", verifyAnswers: "/v3/kba" },
    })
    expect(readFlexshopperOptions({ FINANCING_SANDBOX_URL: "http://127.0.0.1:9100" }, "")).not.toHaveProperty("paths")
  })
})
