import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type RunningApp } from '../helpers/server';

/** Debian's Chromium (never a downloaded browser), flags as this machine needs them. */
export const CHROMIUM = '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Every journey runs with JavaScript switched off: the product must work without it. */
export function newContext(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: false, viewport, locale: 'es-MX' });
}

/** Keeps a screenshot of the page under test-results/ when a journey fails. */
export async function screenshotOnFailure(page: Page | undefined, name: string): Promise<void> {
  if (!page) return;
  const dir = path.resolve(__dirname, '../../test-results');
  fs.mkdirSync(dir, { recursive: true });
  await page
    .screenshot({ path: path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`), fullPage: true })
    .catch(() => undefined);
}

/** A browser test that keeps a screenshot under test-results/ when it fails. */
export function journey(name: string, currentPage: () => Page | undefined, body: () => Promise<void>): void {
  it(name, async () => {
    try {
      await body();
    } catch (err) {
      await screenshotOnFailure(currentPage(), name);
      throw err;
    }
  });
}

/** The app on a loopback port and a browser, for a test file's journeys; closed after them. */
export function useAppAndBrowser(): { server: () => RunningApp; browser: () => Browser } {
  let server: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return { server: () => server!, browser: () => browser! };
}
