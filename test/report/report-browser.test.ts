/**
 * The report as a person sees it: opened from disk in headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core) at a desktop width (1280 px) and a phone width (420 px), and as print. Asserts layout facts
 * (no sideways scrolling of the page, chart text ≥ 11 px as drawn, the lineage diagram inside the screen, wide
 * tables in boxes that scroll, edge labels clear of the boxes) and takes screenshots for a person to look at:
 * into $REPORT_SHOTS_DIR when set (kept), else into a temp folder removed afterwards. Skips, saying why, where
 * Chromium is missing.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/index.js';
import { hasSample, sampleDir } from '../helpers/tmp.js';
import { LAYOUT_PROBE } from './layout-probe.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `report browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}

const DESKTOP = 1280;
const PHONE = 420;

/** Layout facts measured in the page (run inside Chromium). */
interface Layout {
  readonly scrollWidth: number;
  /** The smallest text in any chart or the shown lineage diagram, in CSS px as drawn (font size × scale). */
  readonly smallestChartText: { readonly px: number; readonly text: string; readonly chart: string };
  /** Chart texts that reach outside their svg (cut off). */
  readonly clippedChartText: readonly string[];
  /** The lineage diagram on show: its id, left and right edge, and whether a scroll box holds it. */
  readonly lineage: { readonly id: string; readonly left: number; readonly right: number; readonly inScroll: boolean };
  /** Edge labels of the shown lineage diagram: how many, and those closer than 3 px to a box or another label. */
  readonly edgeLabels: number;
  readonly crowdedLabels: readonly string[];
  /** Every sideways-scrolling box: its table, whether it can scroll, and its overflow-x. */
  readonly scrollBoxes: readonly { readonly table: string; readonly scrolls: boolean; readonly overflow: string }[];
}

/** Measures the layout facts of the open page. */
async function measure(page: Page): Promise<Layout> {
  return page.evaluate<Layout>(LAYOUT_PROBE);
}

describe.skipIf(!hasChromium)('the report in headless Chromium', () => {
  const input = hasSample ? sampleDir : resolve(import.meta.dirname, '../../fixtures');
  const root = mkdtempSync(join(tmpdir(), 'ecomflow-report-browser-'));
  const out = join(root, 'warehouse');
  const shots = process.env['REPORT_SHOTS_DIR'] ?? join(root, 'shots');
  let browser: Browser | undefined;
  let url: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    await runPipeline({ input, out });
    url = pathToFileURL(join(out, 'report', 'index.html')).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Opens the report at `width`, recording console errors, page errors and every request. */
  async function open(width: number): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const page = await browser!.newPage({ viewport: { width, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: 'load' });
    return { page, errors, requests };
  }

  it('opens from disk without console errors and fetches nothing but itself', async () => {
    const { page, errors, requests } = await open(DESKTOP);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    expect(await page.title()).toBe('ecomflow report: profit, lineage and data quality');
    await page.close();
  });

  for (const width of [DESKTOP, PHONE]) {
    it(`lays out at ${width} px: no sideways page, chart text ≥ 11 px, lineage on screen`, async () => {
      const { page, errors } = await open(width);
      expect(errors).toEqual([]);
      const layout = await measure(page);
      expect(layout.scrollWidth, 'the page itself never scrolls sideways').toBeLessThanOrEqual(width);
      expect(layout.smallestChartText.px, JSON.stringify(layout.smallestChartText)).toBeGreaterThanOrEqual(11);
      expect(layout.clippedChartText).toEqual([]);
      // the diagram is not cut off: the layout for the width fits the screen whole, no scroll box needed
      const { lineage } = layout;
      expect(lineage.id).toBe(width === PHONE ? 'lineage-diagram-narrow' : 'lineage-diagram');
      expect(lineage.left >= 0 && lineage.right <= width && !lineage.inScroll, JSON.stringify(lineage)).toBe(true);
      expect(layout.edgeLabels).toBeGreaterThanOrEqual(7);
      expect(layout.crowdedLabels).toEqual([]);
      for (const box of layout.scrollBoxes) expect(box.overflow, box.table).toBe('auto');
      if (width === PHONE) {
        // the wide tables do not fit a phone: their boxes scroll, and say so
        const scrolling = layout.scrollBoxes.filter((b) => b.scrolls).map((b) => b.table);
        expect(scrolling).toEqual(
          expect.arrayContaining(['table-fixes', 'table-profit-by-year-category', 'table-lineage']),
        );
        const hint = String(
          await page.evaluate(
            `getComputedStyle(document.querySelector('#table-fixes').closest('.scroll'), '::before').content`,
          ),
        );
        expect(hint).toContain('scroll sideways');
      }
      for (const svg of await page.locator('svg.chart-svg').all()) {
        expect((await svg.boundingBox())?.width ?? 0).toBeGreaterThan(250);
      }
      await page.screenshot({ path: join(shots, `report-${width}.png`), fullPage: true });
      await page.close();
    });
  }

  it('scrolls a wide table sideways on a phone, and the page stays put', async () => {
    const { page } = await open(PHONE);
    const moved = await page.evaluate<{ box: number; page: number }>(`(() => {
      const box = document.querySelector('#table-fixes').closest('.scroll');
      box.scrollLeft = 10000;
      return { box: box.scrollLeft, page: window.scrollX };
    })()`);
    expect(moved.box).toBeGreaterThan(100);
    expect(moved.page).toBe(0);
    await page.close();
  });

  it('prints: every chart and the wide lineage visible in print media, and a PDF comes out', async () => {
    const { page } = await open(DESKTOP);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    expect(await page.locator('#lineage-diagram-narrow').isVisible()).toBe(false);
    for (const svg of await page.locator('svg.chart-svg, #lineage-diagram').all()) {
      expect((await svg.boundingBox())?.height ?? 0).toBeGreaterThan(100);
    }
    const pdf = join(shots, 'report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    expect(statSync(pdf).size).toBeGreaterThan(10_000);
    await page.close();
  });
});
