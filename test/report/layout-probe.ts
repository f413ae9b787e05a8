/**
 * The layout facts of the report page, measured inside Chromium by report-browser.test.ts. It is browser code
 * kept as text, since the DOM is not among the TypeScript project's libraries; it evaluates to the test's `Layout`.
 */
export const LAYOUT_PROBE = `
(() => {
  const shown = (e) => e.getBoundingClientRect().width > 0;
  const scaleOf = (t) => {
    const m = t.getScreenCTM();
    return m ? Math.hypot(m.a, m.b) : 1;
  };
  let smallest = { px: Infinity, text: '', chart: '' };
  const clipped = [];
  const svgs = [...document.querySelectorAll('svg.chart-svg, svg.lineage-svg')].filter(shown);
  for (const svg of svgs) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent?.trim()) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * scaleOf(t);
      if (px < smallest.px) smallest = { px, text: t.textContent, chart: svg.id };
      const r = t.getBoundingClientRect();
      if (
        r.left < box.left - 0.5 ||
        r.right > box.right + 0.5 ||
        r.top < box.top - 0.5 ||
        r.bottom > box.bottom + 0.5
      ) {
        clipped.push(\`\${svg.id}: \${t.textContent}\`);
      }
    }
  }
  const lineageSvg = [...document.querySelectorAll('svg.lineage-svg')].find(shown);
  const lr = lineageSvg.getBoundingClientRect();
  const boxes = [...lineageSvg.querySelectorAll('rect.box')].map((r) => r.getBoundingClientRect());
  const labels = [...lineageSvg.querySelectorAll('text.edge-label')].map((t) => ({
    text: t.textContent || '',
    r: t.getBoundingClientRect(),
  }));
  const gap = (a, b) => Math.max(a.left - b.right, b.left - a.right, a.top - b.bottom, b.top - a.bottom);
  const crowded = [];
  labels.forEach((l, i) => {
    if (boxes.some((b) => gap(l.r, b) < 3)) crowded.push(\`\${l.text} (box)\`);
    if (labels.some((o, j) => j !== i && gap(l.r, o.r) < 3)) crowded.push(\`\${l.text} (label)\`);
  });
  return {
    scrollWidth: document.documentElement.scrollWidth,
    smallestChartText: smallest,
    clippedChartText: clipped,
    lineage: { id: lineageSvg.id, left: lr.left, right: lr.right, inScroll: lineageSvg.closest('.scroll') !== null },
    edgeLabels: labels.length,
    crowdedLabels: crowded,
    scrollBoxes: [...document.querySelectorAll('div.scroll')].map((d) => ({
      table: d.querySelector('table')?.id || d.querySelector('caption')?.textContent || '',
      scrolls: d.scrollWidth > d.clientWidth + 1,
      overflow: getComputedStyle(d).overflowX,
    })),
  };
})();
`;
