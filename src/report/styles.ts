/**
 * The report's stylesheet: system fonts, responsive grid (charts beside tables, stacked on phones), charts
 * never drawn smaller than their own size on a phone, wide tables in sideways-scrolling boxes that show they
 * scroll, the lineage diagram in a top-to-bottom layout on narrow screens, print rules.
 */
import { FONT, INK, LOSS_COLOR, MUTED, PROFIT_COLOR } from './palette.js';

/** Below this width the lineage diagram switches to its top-to-bottom layout. */
const LINEAGE_WIDE_MIN = '72rem';

/** The CSS inlined into the report page. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: ${INK}; --muted: ${MUTED}; --line: #E5E7EB; --accent: ${PROFIT_COLOR};
  --loss: ${LOSS_COLOR}; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: ${FONT}; color: var(--ink); background: #fff; line-height: 1.45; font-size: 16px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
header, main, footer { max-width: 84rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1.5rem; }
.eyebrow { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; font-size: .8rem;
  font-weight: 600; }
h1 { font-size: 1.8rem; margin: .2rem 0 .5rem; line-height: 1.2; }
h2 { font-size: 1.45rem; border-bottom: 2px solid var(--ink); padding-bottom: .25rem; margin: 2.5rem 0 1rem; }
h3 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1.25rem 0 .25rem; }
a { color: var(--accent); }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; padding: 0; margin: 1rem 0 0; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr)); gap: .75rem;
  margin: 1rem 0; padding: 0; list-style: none; }
.kpi { border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .8rem; }
.kpi .label { display: block; color: var(--muted); font-size: .85rem; }
.kpi .value { display: block; font-size: 1.35rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.kpi .kpi-note { display: block; color: var(--muted); font-size: .8rem; line-height: 1.3; margin-top: .15rem; }
.chart-block { margin-bottom: 2rem; }
.chart-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem; align-items: start; }
.chart-grid.stacked { grid-template-columns: minmax(0, 1fr); gap: .5rem; }
figure { margin: 0; }
.chart svg { display: block; width: 100%; height: auto; max-width: 30rem; }
.lineage-svg { display: block; width: 100%; height: auto; }
.lineage-narrow { display: none; max-width: 36rem; }
@media (max-width: calc(${LINEAGE_WIDE_MIN} - 0.02px)) {
  .lineage-wide { display: none; }
  .lineage-narrow { display: block; }
}
figcaption { margin-top: .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.25rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #9CA3AF; }
tfoot th, tfoot td { border-top: 2px solid #9CA3AF; border-bottom: 0; font-weight: 650; }
td code { white-space: nowrap; overflow-wrap: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.money.neg { color: var(--loss); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; background: #F3F4F6;
  padding: 0 .2em; border-radius: 3px; overflow-wrap: anywhere; }
.note, figcaption, .muted, footer { color: var(--muted); }
footer { padding-top: 1rem; padding-bottom: 2rem; border-top: 1px solid var(--line); margin-top: 3rem;
  font-size: .85rem; }
.two-up { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr)); gap: 0 1.5rem; }
/* a wide table scrolls sideways in its own box: a visible scroll bar, and shadows at the edges it can scroll to */
.scroll { overflow-x: auto; margin: .5rem 0 1.25rem; scrollbar-width: thin; scrollbar-color: #9CA3AF #F3F4F6;
  background: linear-gradient(to right, #fff 30%, rgba(255,255,255,0)),
    linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) 100% 0,
    radial-gradient(farthest-side at 0 50%, rgba(31,41,55,.28), rgba(31,41,55,0)),
    radial-gradient(farthest-side at 100% 50%, rgba(31,41,55,.28), rgba(31,41,55,0)) 100% 0;
  background-repeat: no-repeat; background-size: 2.5rem 100%, 2.5rem 100%, .9rem 100%, .9rem 100%;
  background-attachment: local, local, scroll, scroll; }
.scroll:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.scroll::-webkit-scrollbar { height: 8px; }
.scroll::-webkit-scrollbar-track { background: #F3F4F6; border-radius: 4px; }
.scroll::-webkit-scrollbar-thumb { background: #9CA3AF; border-radius: 4px; }
.scroll > table { margin: 0 0 .25rem; width: max-content; min-width: 100%; }
.scroll > table.fixes { width: 100%; min-width: 56rem; }
.scroll > table.examples { width: 100%; min-width: 56rem; }
.ws { color: var(--muted); }
.fix-examples { list-style: none; margin: 0; padding: 0; }
.fix-examples li { margin: 0 0 .2rem; white-space: nowrap; }
.fixes td:first-child { min-width: 16rem; }
@media (max-width: 60rem) {
  .chart-grid { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 40rem) {
  body { font-size: 15px; }
  h1 { font-size: 1.45rem; }
  .scroll::before { content: "⇆ scroll sideways" / ""; position: sticky; left: 0; display: block; width: max-content;
    font-size: .8rem; color: var(--muted); padding: 0 0 .15rem; }
}
@media print {
  @page { margin: 14mm; }
  body { font-size: 10pt; }
  .skip, nav { display: none; }
  header, main, footer { max-width: none; padding: 0; }
  h2 { break-after: avoid; break-before: page; }
  #profit-h { break-before: auto; }
  h3, h4, caption { break-after: avoid; }
  .chart-block, figure, tr, .kpi { break-inside: avoid; }
  .chart-grid { grid-template-columns: minmax(0, 1fr); }
  .chart svg { max-width: 100%; }
  .lineage-wide { display: block; max-width: 100%; }
  .lineage-narrow { display: none; }
  .scroll { overflow: visible; background: none; }
  .scroll::before { content: none; }
  .scroll > table, .scroll > table.fixes, .scroll > table.examples { min-width: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
