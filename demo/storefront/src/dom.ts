// A tiny element builder: enough DOM for a storefront without a framework.
type Child = Node | string | number | null | undefined | false | Child[]
type Props = Record<string, unknown> & { testid?: string; class?: string }

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue
    if (key === "testid") el.setAttribute("data-testid", String(value))
    else if (key.startsWith("on") && typeof value === "function")
      el.addEventListener(key.slice(2).toLowerCase(), value as EventListener)
    // Properties, not attributes: a form control's current value and state live there.
    else if (key === "value" || key === "checked" || key === "disabled" || key === "selected")
      (el as unknown as Record<string, unknown>)[key] = value
    else el.setAttribute(key, value === true ? "" : String(value))
  }
  append(el, children)
  return el
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(parent, child)
    else parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)))
  }
}

/** Replaces everything inside `el`. */
export function render(el: Element, ...children: Child[]): void {
  el.replaceChildren()
  append(el, children)
}

/** A labelled text input with a test id; `name` doubles as the form field name. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement): HTMLLabelElement {
  return h("label", { class: "field" }, h("span", null, label), input)
}

/** What `el` appends: nodes, and strings as text. */
export type TextChild = Node | string | null | undefined | false

/**
 * An element with plain attributes (no test-id or event shorthands) and children appended as
 * nodes or text: text from a lender or the shopper can never become markup.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: TextChild[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, value)
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child)
  return node
}
