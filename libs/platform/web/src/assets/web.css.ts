/**
 * The shared stylesheet, mobile first. Colours meet WCAG 2.2 AA contrast on white (text #1b1f24
 * 15.9:1, links/buttons #0b57a4 7.0:1, danger #a4161a 7.4:1, muted #4a5260 7.6:1); focus is always
 * visible; targets are at least 44 px high.
 */
export const WEB_CSS = `:root{--ink:#1b1f24;--muted:#4a5260;--line:#c5ccd6;--bg:#fff;--soft:#f3f5f8;--accent:#0b57a4;--accent-ink:#fff;--danger:#a4161a;--ok:#1d6b35;--warn:#7a4a00;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:var(--bg);line-height:1.5}
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-size:1rem}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible,main:focus-visible{outline:3px solid #f5a300;outline-offset:2px}
.skip-link{position:absolute;left:-9999px;top:0;background:var(--accent);color:var(--accent-ink);padding:.5rem 1rem;z-index:10}
.skip-link:focus{left:.5rem;top:.5rem}
.site-header{background:var(--soft);border-bottom:1px solid var(--line);padding:.5rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem}
.brand a{font-weight:700;text-decoration:none;color:var(--ink);display:inline-flex;align-items:center;gap:.5rem;min-height:44px}
.brand-mark{background:var(--accent);color:var(--accent-ink);border-radius:4px;padding:.1rem .4rem}
.header-tools{margin-left:auto;display:flex;align-items:center;gap:1rem}
.header-tools a{display:inline-flex;align-items:center;min-height:44px}
.sign-out{margin:0}
.nav{flex-basis:100%}
.nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.nav a{display:inline-flex;align-items:center;min-height:44px;text-decoration:none;font-weight:600}
.nav a[aria-current=page]{text-decoration:underline;text-underline-offset:.3em}
main{padding:1rem;max-width:72rem;margin:0 auto}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.site-footer{border-top:1px solid var(--line);color:var(--muted);padding:1rem;font-size:.875rem;text-align:center}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
label.inline-label{display:inline;font-weight:400;margin:0}
fieldset{border:1px solid var(--line);border-radius:6px;margin:.75rem 0;padding:.5rem 1rem}
legend{font-weight:600}
input[type=radio],input[type=checkbox]{width:1.25rem;height:1.25rem;vertical-align:middle}
fieldset div{min-height:44px;display:flex;align-items:center;gap:.5rem}
.hint{color:var(--muted);font-size:.875rem;margin:.1rem 0 .25rem}
input[type=text],input[type=tel],input[type=email],input[type=password],input[type=number],input[type=date],input[type=datetime-local],input[type=file],select,textarea{font:inherit;width:100%;max-width:32rem;padding:.6rem;border:1px solid #6b7380;border-radius:4px;background:#fff;color:var(--ink);min-height:44px}
button,.button{font:inherit;display:inline-flex;align-items:center;justify-content:center;min-height:44px;padding:.5rem 1rem;border-radius:4px;border:2px solid var(--accent);background:var(--accent);color:var(--accent-ink);cursor:pointer;text-decoration:none;font-weight:600}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.danger{background:var(--danger);border-color:var(--danger);color:#fff}
.button-link{background:none;border:none;color:var(--accent);text-decoration:underline;padding:0;font-weight:400}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
.inline-form{display:inline}
.notice{border-left:4px solid var(--ok);background:#eef7f0;padding:.75rem 1rem;margin:1rem 0}
.alert{border-left:4px solid var(--danger);background:#fbeeee;padding:.75rem 1rem;margin:1rem 0}
.muted{color:var(--muted)}
.card{border:1px solid var(--line);border-radius:6px;padding:1rem;margin:.75rem 0;background:#fff}
.filters div{display:block;min-height:0}
.filters{display:grid;gap:.5rem;grid-template-columns:1fr;align-items:end;background:var(--soft);padding:1rem;border-radius:6px}
.filters label{margin:0 0 .25rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{text-align:left;border-bottom:1px solid var(--line);padding:.5rem .4rem;vertical-align:top}
th{background:var(--soft)}
.table-scroll{overflow-x:auto}
.status{font-weight:700}
.status-ONAY{color:var(--ok)}
.status-RET{color:var(--danger)}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.chart{max-width:40rem;width:100%;height:auto}
.chart text{font-size:12px;fill:var(--ink)}
progress{width:100%;max-width:32rem;height:1.5rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.consent-list{list-style:none;padding:0;margin:0}
.card h3{margin:0 0 .5rem;font-size:1.1rem}
@media (min-width:40rem){.filters{grid-template-columns:repeat(auto-fit,minmax(10rem,1fr))}h1{font-size:1.75rem}}
@media (min-width:60rem){.consent-list{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:0 1rem}}
@media print{.site-header,.site-footer,.actions,form{display:none}main{max-width:none;padding:0}a{color:var(--ink)}}
`;
