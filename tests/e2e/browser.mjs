// Shared set-up of the browser end-to-end tests: where the site is, and how Chromium starts.
//
// Debian's Chromium (never a downloaded browser), with the flags this closed-network machine
// needs: without the background-networking ones it tries, and fails, to reach Google's hosts.

import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.SWARM_BASE_URL ?? 'http://127.0.0.1:8080/';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * One Chromium for all the tests of a file, started before them and closed after them: call it
 * at the top level of a test file; the function it returns gives the browser.
 */
export function sharedBrowser() {
  let browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => browser;
}

/** How long a step may wait on the page before the test fails. */
export const WAIT_MS = 30_000;

/**
 * A fresh page of the served playground in a context of its own (close it when done), at
 * 4× speed, and the errors the page raises.
 */
export async function openPlayground(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(String(err?.stack ?? err)));
  await page.goto(BASE_URL, { waitUntil: 'load' });
  await page.locator('[data-testid="speed"]').selectOption('4');
  return { context, page, pageErrors };
}
