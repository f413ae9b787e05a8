/**
 * The report as a person sees it: opened from disk in headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core), at desktop and phone widths and as print. Skips, saying why, where Chromium is missing.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/index.js';
import { hasSample, sampleDir, tempDir } from '../helpers/tmp.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const outputDir = resolve(import.meta.dirname, '../../test-output/report');
if (!hasChromium) {
  console.warn(
    `report browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}

describe.skipIf(!hasChromium)('the report in headless Chromium', () => {
  const input = hasSample ? sampleDir : resolve(import.meta.dirname, '../../fixtures');
  const out = join(tempDir('ecomflow-report-browser-'), 'warehouse');
  let browser: Browser | undefined;
  let url: string;

  beforeAll(async () => {
    mkdirSync(outputDir, { recursive: true });
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
    const { page, errors, requests } = await open(1280);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.screenshot({ path: join(outputDir, 'report-desktop.png'), fullPage: true });
    await page.close();
  });

  it('shows every chart and the lineage diagram with a non-zero size', async () => {
    const { page } = await open(1280);
    const charts = page.locator('svg.chart-svg');
    expect(await charts.count()).toBeGreaterThanOrEqual(4);
    for (const svg of [...(await charts.all()), page.locator('#lineage-diagram')]) {
      await expect.poll(() => svg.isVisible()).toBe(true);
      const box = await svg.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(200);
      expect(box?.height ?? 0).toBeGreaterThan(100);
    }
    expect(await page.title()).toBe('ecomflow report: profit, lineage and data quality');
    await page.close();
  });

  it('fits a phone: no sideways scrolling of the page, charts still visible', async () => {
    const { page, errors } = await open(390);
    expect(errors).toEqual([]);
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    for (const svg of await page.locator('svg.chart-svg').all()) {
      expect((await svg.boundingBox())?.width ?? 0).toBeGreaterThan(250);
    }
    await page.screenshot({ path: join(outputDir, 'report-phone.png'), fullPage: true });
    await page.close();
  });

  it('prints: every chart visible in print media, and a PDF comes out', async () => {
    const { page } = await open(1280);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    for (const svg of await page.locator('svg.chart-svg, #lineage-diagram').all()) {
      expect((await svg.boundingBox())?.height ?? 0).toBeGreaterThan(100);
    }
    const pdf = join(outputDir, 'report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    expect(statSync(pdf).size).toBeGreaterThan(10_000);
    await page.close();
  });
});
