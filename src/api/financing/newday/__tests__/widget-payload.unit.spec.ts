// The widgets' form-POST hand-back: the SCA widget's documented payload, and the sign-in widget's,
// whose field names are not public and come from the provider options (ssoCustomerRefField,
// ssoTokenField) when NewDay's partner pack names them differently.
import { parseWidgetPayload, reasonCode } from "../widget-payload"

const post = (payload: unknown) => ({ payload: typeof payload === "string" ? payload : JSON.stringify(payload) })

describe("NewDay widget hand-back", () => {
  it("reads the SCA widget's documented success payload", () => {
    expect(
      parseWidgetPayload(
        post({ scaToken: "jwt", success: true, status: "authenticated", message: "User successfully authenticated" }),
      ),
    ).toEqual({
      success: true,
      status: "authenticated",
      message: "User successfully authenticated",
      scaToken: "jwt",
      customerRef: undefined,
      identityToken: undefined,
    })
  })

  it("reads the sign-in fields under the default names, or under the names the options give", () => {
    const defaults = parseWidgetPayload(
      post({ success: true, status: "authenticated", customerRef: "ref-1", identityToken: "tok-1" }),
    )
    expect(defaults).toMatchObject({ customerRef: "ref-1", identityToken: "tok-1" })
    const renamed = post({
      success: true,
      status: "ok",
      customerReference: "ref-2",
      accessToken: "tok-2",
      customerRef: "ignored",
    })
    expect(parseWidgetPayload(renamed, { customerRef: "customerReference", token: "accessToken" })).toMatchObject({
      customerRef: "ref-2",
      identityToken: "tok-2",
    })
  })

  it("refuses what is not a JSON object, and turns any status into a short safe reason", () => {
    for (const body of [undefined, {}, post("not json"), post("[1]"), { payload: 5 }])
      expect(parseWidgetPayload(body)).toBeUndefined()
    expect(parseWidgetPayload(post({ success: "true" }))).toMatchObject({ success: false, status: "unknown" })
    expect(reasonCode("Not My Number!<script>")).toBe("not_my_number_script_")
  })
})
