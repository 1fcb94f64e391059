// Shared set-up of the browser end-to-end tests: where the site is, and how Chromium starts.
//
// Debian's Chromium (never a downloaded browser), with the flags this closed-network machine
// needs: without the background-networking ones it tries, and fails, to reach Google's hosts.

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
