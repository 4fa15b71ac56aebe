// One small stylesheet, inlined so hosted pages work offline and in browser tests without assets.
export const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433;background:#f3f4f7}
.sandbox-banner{background:#ffd43b;color:#3d2c00;padding:.5rem 1rem;text-align:center;font-size:.9rem;border-bottom:2px solid #e0a800}
.sandbox-banner strong{letter-spacing:.08em;margin-right:.4rem}
main{max-width:34rem;margin:2rem auto;padding:1.5rem 1.75rem;background:#fff;border-radius:10px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
h1{font-size:1.35rem;margin:0 0 1rem}
p{margin:.5rem 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:1rem 0}
dt{color:#5b6375}dd{margin:0;font-weight:600}
label{display:block;margin:.75rem 0 .25rem;font-weight:600;font-size:.9rem}
label.check{display:flex;gap:.5rem;align-items:center;font-weight:400}
input:not([type=checkbox]):not([type=radio]),select{width:100%;padding:.55rem .65rem;border:1px solid #c5cad6;border-radius:6px;font:inherit}
.hint{color:#5b6375;font-size:.85rem;margin:.2rem 0 0}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.25rem}
button{font:inherit;font-weight:600;padding:.6rem 1.1rem;border-radius:6px;border:1px solid transparent;cursor:pointer}
button.primary{background:#2453d4;color:#fff}
button.secondary{background:#fff;color:#1d2433;border-color:#c5cad6}
button.danger{background:#c92a2a;color:#fff}
.notice{padding:.6rem .8rem;border-radius:6px;background:#e7f0ff}
.notice.error{background:#ffe3e3}
code{font-size:.9em}
`
