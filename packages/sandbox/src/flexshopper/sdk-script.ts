// The stand-in for FlexShopper's PP3 script (`<script src=".../sdk/js?authKey=...">`). It offers
// the documented `FlexSDK.Button({ createOrder, onSign }).render(selector)`: clicking the button
// runs createOrder (which must call `actions.transaction.create(order)`), opens the modal in a
// popup, and when the shopper signs there the modal posts `{ transactionId, leaseNumber }` back
// to this window, which calls onSign. `authCode` (the waterfall's single-use code) signs the
// shopper in; FlexShopper's real option name is not public, so this is our choice.

/** JSON that is safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")
}

export function sdkScript(opts: { checkoutsUrl: string; sdkOrigin: string; authKey: string }): string {
  return `/* FlexShopper PP3 SDK — local sandbox stand-in */
(function () {
  "use strict";
  var CHECKOUTS_URL = ${scriptJson(opts.checkoutsUrl)};
  var SDK_ORIGIN = ${scriptJson(opts.sdkOrigin)};
  var AUTH_KEY = ${scriptJson(opts.authKey)};
  var active = null;

  function report(options, error) {
    if (options && typeof options.onError === "function") options.onError(error);
    else if (window.console) console.error("FlexSDK:", error);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== SDK_ORIGIN || !active) return;
    var message = event.data;
    if (!message || message.source !== "flexshopper-pp3") return;
    var options = active;
    active = null;
    if (message.event === "sign" && typeof options.onSign === "function") options.onSign(message.data);
    if (message.event === "cancel" && typeof options.onCancel === "function") options.onCancel(message.data);
  });

  function openModal(options) {
    // Opened synchronously inside the click so popup blockers allow it.
    var popup = window.open("", "flexshopper-pp3", "width=520,height=780");
    var order = null;
    var actions = { transaction: { create: function (transaction) { order = transaction; return Promise.resolve(transaction && transaction.transactionId); } } };
    active = options;
    Promise.resolve()
      .then(function () { return options.createOrder({}, actions); })
      .then(function () {
        if (!order) throw { code: "NoTransaction", message: "createOrder must call actions.transaction.create(order)" };
        return fetch(CHECKOUTS_URL, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ authKey: AUTH_KEY, authCode: options.authCode, origin: window.location.origin, transaction: order })
        });
      })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw (body && body.error) || { message: "HTTP " + response.status };
          return body.data;
        });
      })
      .then(function (checkout) {
        if (popup && !popup.closed) popup.location.href = checkout.modalUrl;
        else window.location.assign(checkout.modalUrl);
      })
      .catch(function (error) {
        if (popup && !popup.closed) popup.close();
        active = null;
        report(options, error);
      });
  }

  function Button(options) {
    if (!options || typeof options.createOrder !== "function") throw new Error("FlexSDK.Button needs a createOrder function");
    return {
      render: function (target) {
        var element = typeof target === "string" ? document.querySelector(target) : target;
        if (!element) throw new Error("FlexSDK: nothing matches " + target);
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = "Lease to own with FlexShopper";
        button.setAttribute("data-testid", "flexshopper-button");
        button.addEventListener("click", function () { openModal(options); });
        element.appendChild(button);
        return Promise.resolve();
      },
      open: function () { openModal(options); }
    };
  }

  window.FlexSDK = { Button: Button, version: "sandbox" };
})();
`
}
