// Swarm Playground, embeddable: a Docker Swarm simulated in the page.
//
//   <script type="module" src="https://example.org/playground/swarm-playground.js"></script>
//   <swarm-playground lesson="swarm-tour" height="640px"></swarm-playground>
//
//   import { mount, Playground } from './swarm-playground.js';
//   const pg = await mount(element, { lesson: 'swarm-tour' });     // in a page
//   const pg = await Playground.create({ lesson: 'swarm-tour' });   // in Node 20+, no DOM
//
// Options (and the element's attributes): lesson (a built-in lesson's name), src (the URL of a
// lesson or scenario file), seed, speed, autoplay, panels (comma-separated or an array of
// board, services, plots, events, terminal, timeline), readonly, height (the element's CSS
// height). A playground's methods: run(line) → Promise of the output text; advance(ms),
// step(), rewind(ms), pause(), play(), reset(seed); state(); lesson(); on(type, callback) with
// 'event' | 'checkpoint' | 'command' (returns a function that unsubscribes); shareLink() →
// Promise of a URL; exportScript(); destroy().
//
// Every playground is its own swarm: instances on a page share nothing but the code. The
// module and its wasm load cross-origin from any static host that sends CORS headers.

import init, { WasmPlayground } from './pkg/swarm_web.js';

const IN_BROWSER = typeof window !== 'undefined' && typeof document !== 'undefined';
const BASE = new URL('./', import.meta.url);

/** A share link's fragment: `#share=v1.` then the payload, deflated and base64url-encoded. */
export const SHARE_PREFIX = 'share=v1.';
/** Share links longer than this are refused before any work. */
const SHARE_LINK_MAX = 256 * 1024;
/** A share link's payload, once inflated, at most (a decompression bomb stops here). */
const SHARE_PAYLOAD_MAX = 512 * 1024;
/** Lesson and scenario files fetched from `src`, at most. */
const SOURCE_MAX = 64 * 1024;

const PANELS = ['board', 'services', 'plots', 'events', 'terminal', 'timeline'];
const EVENT_TYPES = ['event', 'checkpoint', 'command'];

let loading;
/** Loads and instantiates the wasm once per page (or Node process). */
function load() {
  loading ??= (async () => {
    if (IN_BROWSER) {
      // A trap in a callback the browser made (an event, a frame) reaches the window.
      window.addEventListener('error', (event) => {
        if (isTrap(event.error)) showPanicBanner(event.error);
      });
      window.addEventListener('unhandledrejection', (event) => {
        if (isTrap(event.reason)) showPanicBanner(event.reason);
      });
    }
    const wasm = new URL('./pkg/swarm_web_bg.wasm', import.meta.url);
    if (IN_BROWSER || wasm.protocol !== 'file:') {
      await init({ module_or_path: wasm });
    } else {
      const { readFile } = await import('node:fs/promises');
      await init({ module_or_path: await readFile(wasm) });
    }
  })();
  return loading;
}

// ---- the panic banner -----------------------------------------------------------------------

/**
 * Is `error` the wasm trapping? The release wasm is built with panic=immediate-abort, so a bug
 * that panics traps at once, with no panic hook, and reaches JS as a WebAssembly.RuntimeError.
 */
function isTrap(error) {
  return typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError;
}

/**
 * The banner a trap leaves: a readable message and a reload button instead of a dead page,
 * once, at the top of the page. After a trap the wasm is gone, so this is plain DOM and its
 * button reloads without the wasm. The message goes in as text, never as HTML.
 */
export function showPanicBanner(error) {
  if (!IN_BROWSER || !document.body || document.querySelector('[data-testid="panic"]')) return;
  const banner = document.createElement('div');
  banner.className = 'panic-banner';
  banner.setAttribute('role', 'alert');
  banner.dataset.testid = 'panic';
  const text = document.createElement('p');
  text.textContent = 'The playground stopped: it met a bug it could not recover from. Reloading '
    + 'starts a fresh swarm. If you can, report what you did and this message:';
  const detail = document.createElement('pre');
  detail.textContent = String(error?.stack ?? error);
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => location.reload());
  banner.append(text, detail, reload);
  document.body.prepend(banner);
}

/** The options the wasm reads, from what an embedder gave: `src` fetched, `panels` split. */
async function resolveOptions(options = {}) {
  const known = ['lesson', 'src', 'source', 'share', 'seed', 'speed', 'autoplay', 'panels', 'readonly', 'height', 'shadow', 'name'];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new Error(`unknown option "${key}" (known: ${known.join(', ')})`);
  }
  const out = {};
  if (options.lesson != null) out.lesson = String(options.lesson);
  if (options.source != null) out.source = String(options.source);
  if (options.src != null) out.source = await fetchText(options.src);
  if (options.share != null) out.share = String(options.share);
  if (options.name != null) out.name = String(options.name);
  // The wasm does not carry the built-in lessons' files: hand over the one asked for, by name
  // or by a share link of a built-in lesson.
  const lesson = out.lesson ?? sharedLessonName(out.share);
  if (lesson != null) {
    const text = await builtinLesson(lesson);
    if (text != null) out.lessonText = text;
  }
  for (const key of ['seed', 'speed']) {
    if (options[key] == null || options[key] === '') continue;
    const value = Number(options[key]);
    if (!Number.isFinite(value)) throw new Error(`invalid ${key} "${options[key]}": a number`);
    out[key] = value;
  }
  for (const key of ['autoplay', 'readonly']) {
    if (options[key] != null) out[key] = options[key] !== false && options[key] !== 'false';
  }
  if (options.panels != null) {
    const panels = Array.isArray(options.panels) ? options.panels : String(options.panels).split(/[\s,]+/);
    out.panels = panels.map((p) => String(p).trim()).filter(Boolean);
  }
  return out;
}

/** The built-in lesson a share payload starts from, if it names one (`"source":{"lesson":…}`). */
function sharedLessonName(share) {
  if (share == null) return null;
  try {
    const name = JSON.parse(share)?.source?.lesson;
    return typeof name === 'string' ? name : null;
  } catch {
    // Not JSON: the wasm says what is wrong with it.
    return null;
  }
}

/**
 * A built-in lesson's file, `lessons/NAME.json` beside this module, or null when there is no
 * such file (the wasm then names the lessons there are).
 */
async function builtinLesson(name) {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(name)) return null;
  const url = new URL(`lessons/${name}.json`, BASE);
  try {
    if (url.protocol === 'file:' && !IN_BROWSER) {
      const { readFile } = await import('node:fs/promises');
      return await readFile(url, 'utf8');
    }
    const response = await fetch(url);
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  }
}

async function fetchText(src) {
  // Relative to the page, or in Node to the working directory.
  const base = IN_BROWSER ? document.baseURI : `file://${process.cwd().replace(/\/?$/, '/')}`;
  const url = new URL(src, base);
  let text;
  if (url.protocol === 'file:' && !IN_BROWSER) {
    const { readFile } = await import('node:fs/promises');
    text = await readFile(url, 'utf8');
  } else {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`cannot load ${url}: HTTP ${response.status}`);
    text = await response.text();
  }
  if (text.length > SOURCE_MAX) throw new Error(`${url} is larger than ${SOURCE_MAX / 1024} KiB`);
  return text;
}

/** A playground's JS API over its wasm handle. */
class Api {
  #wasm;
  #listeners = new Map(EVENT_TYPES.map((t) => [t, new Set()]));
  #pollQueued = false;
  #stopped = false;

  constructor(wasm) {
    this.#wasm = wasm;
  }

  /** Called by the wasm when something changed: report it once the current call is over. */
  notify() {
    if (this.#pollQueued) return;
    this.#pollQueued = true;
    queueMicrotask(() => {
      this.#pollQueued = false;
      this.#poll();
    });
  }

  #poll() {
    if (!this.#wasm || this.#stopped) return;
    const items = JSON.parse(this.#call('poll'));
    for (const item of items) {
      for (const callback of this.#listeners.get(item.type) ?? []) {
        try {
          callback(item);
        } catch (error) {
          console.error(error);
        }
      }
    }
  }

  /** Calls `method` on the wasm; a trap leaves the banner and this playground stopped. */
  #call(method, ...args) {
    if (this.#stopped) throw new Error('this playground stopped on a bug: reload the page');
    if (!this.#wasm) throw new Error('this playground was destroyed');
    try {
      return this.#wasm[method](...args);
    } catch (error) {
      if (isTrap(error)) {
        this.#stopped = true;
        showPanicBanner(error);
      }
      throw error;
    }
  }

  /** Types `line` and plays it to its end, as a script would; resolves with what it printed. */
  async run(line) {
    const output = this.#call('run', String(line));
    this.notify();
    return output;
  }
  advance(ms) { this.#call('advance', Number(ms)); this.notify(); }
  step() { this.#call('step'); this.notify(); }
  rewind(ms) { this.#call('rewind', Number(ms)); this.notify(); }
  pause() { this.#call('pause'); }
  play() { this.#call('play'); }
  reset(seed) { this.#call('reset', seed == null ? undefined : Number(seed)); this.notify(); }
  /** `{ time, nodes, services, tasks }`, plain objects. */
  state() { return JSON.parse(this.#call('state')); }
  /** `{ title, steps: [{ title, done }] }`, or null when no lesson plays. */
  lesson() { return JSON.parse(this.#call('lesson')); }
  /** Calls `callback` for each 'event', 'checkpoint' or 'command'; returns the unsubscriber. */
  on(type, callback) {
    const set = this.#listeners.get(type);
    if (!set) throw new Error(`unknown event type "${type}" (one of ${EVENT_TYPES.join(', ')})`);
    if (typeof callback !== 'function') throw new Error('the callback is not a function');
    set.add(callback);
    return () => set.delete(callback);
  }
  /** A link to the full playground at this very moment. */
  async shareLink(base = BASE.href) {
    const code = await deflate(this.#call('sharePayload'));
    const url = new URL(base);
    url.hash = SHARE_PREFIX + code;
    return url.href;
  }
  /** The session so far as a script for a real swarm. */
  exportScript() { return this.#call('exportScript'); }
  destroy() {
    if (!this.#stopped) {
      this.#wasm?.destroy();
      this.#wasm?.free();
    }
    this.#wasm = undefined;
    for (const set of this.#listeners.values()) set.clear();
  }
}

/** A playground with no page: time passes only through `run`, `advance` and `step`. */
export class Playground {
  static async create(options = {}) {
    await load();
    const resolved = await resolveOptions(options);
    return new Api(WasmPlayground.create(JSON.stringify(resolved)));
  }
}

/**
 * Shows a playground in `element` (in a shadow root of its own, with the playground's styles,
 * unless `shadow: false` and the page loads styles.css itself); resolves to its API.
 */
export async function mount(element, options = {}) {
  if (!IN_BROWSER) throw new Error('mount() needs a page; in Node use Playground.create()');
  await load();
  const { shadow = true, height } = options;
  const resolved = await resolveOptions(options);
  let root = element;
  if (shadow) {
    // An embed is one region of its page, named apart from the others.
    resolved.name = uniqueName(resolved.name ?? (resolved.lesson ? resolved.lesson.replaceAll('-', ' ') : 'playground'));
    const shadowRoot = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    shadowRoot.replaceChildren();
    const styles = document.createElement('link');
    styles.rel = 'stylesheet';
    styles.href = new URL('styles.css', BASE).href;
    root = document.createElement('div');
    root.className = 'swarm-root';
    shadowRoot.append(styles, root);
  }
  if (height) element.style.height = String(height);
  let api;
  const wasm = WasmPlayground.mount(root, JSON.stringify(resolved), () => api?.notify());
  api = new Api(wasm);
  return api;
}

/**
 * Options from URL parameters (embed.html's, and the full page's): the element's attribute
 * names; a flag is on when present (`?readonly`) unless `=false`.
 */
export function optionsFromParams(params) {
  const options = {};
  for (const name of ATTRIBUTES) {
    if (!params.has(name) || name === 'height') continue;
    const value = params.get(name);
    options[name] = ['autoplay', 'readonly'].includes(name) ? value !== 'false' : value;
  }
  return options;
}

const namesTaken = new Map();
/** `name`, or `name 2`, `name 3`… when other embeds on the page have it. */
function uniqueName(name) {
  const taken = namesTaken.get(name) ?? 0;
  namesTaken.set(name, taken + 1);
  return taken === 0 ? name : `${name} ${taken + 1}`;
}

// ---- share links ----------------------------------------------------------------------------

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('it holds characters a share link never has');
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function deflate(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

async function inflate(bytes) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > SHARE_PAYLOAD_MAX) {
      await reader.cancel();
      throw new Error(`it unpacks to more than ${SHARE_PAYLOAD_MAX / 1024} KiB`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(all);
}

/**
 * The share payload a URL fragment carries (`#share=v1.…`), null when it carries none, or an
 * Error saying why the link cannot be opened.
 */
export async function sharePayload(hash) {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!fragment.startsWith('share=')) return null;
  if (!fragment.startsWith(SHARE_PREFIX)) {
    return new Error('This share link cannot be opened: it was made by another version of the playground.');
  }
  if (fragment.length > SHARE_LINK_MAX) {
    return new Error(`This share link cannot be opened: it is longer than ${SHARE_LINK_MAX / 1024} KiB.`);
  }
  try {
    return await inflate(fromBase64Url(fragment.slice(SHARE_PREFIX.length)));
  } catch (error) {
    return new Error(`This share link is damaged: ${error.message ?? error}.`);
  }
}

// ---- <swarm-playground> ---------------------------------------------------------------------

const ATTRIBUTES = ['lesson', 'src', 'height', 'autoplay', 'speed', 'panels', 'readonly', 'seed'];

const POSTER_STYLE = `
:host { display: block; position: relative; border: 1px solid #24344a; border-radius: 8px; overflow: auto; background: #0f1720; }
.poster { all: unset; box-sizing: border-box; display: flex; flex-direction: column; align-items: center; justify-content: center;
  gap: .5em; width: 100%; min-height: 220px; height: 100%; cursor: pointer; color: #e6edf3; font: 1rem system-ui, sans-serif; text-align: center; padding: 24px; }
.poster:focus-visible { outline: 3px solid #2496ed; outline-offset: -3px; }
.poster .play { font-size: 2.5rem; line-height: 1; }
.poster .title { font-size: 1.2rem; font-weight: 600; }
.poster .hint { color: #a9b8c8; font-size: .9rem; }
.failed { color: #f85149; font: 1rem system-ui, sans-serif; padding: 16px; }
`;

/** Is this attribute's boolean on (`readonly`, `readonly=""`, `readonly="true"`)? */
function flag(element, name) {
  const value = element.getAttribute(name);
  return value != null && value !== 'false';
}

if (IN_BROWSER && !customElements.get('swarm-playground')) {
  class SwarmPlaygroundElement extends HTMLElement {
    #api;
    #starting;

    connectedCallback() {
      if (this.#api || this.#starting) return;
      if (this.hasAttribute('height')) this.style.height = this.getAttribute('height');
      // A failure shows in the element itself; `ready` still rejects for a caller who waits.
      if (flag(this, 'autoplay')) {
        this.start().catch(() => {});
      } else {
        this.#poster();
      }
    }

    disconnectedCallback() {
      // Moved, not removed: keep it.
      queueMicrotask(() => {
        if (!this.isConnected) this.destroy();
      });
    }

    #poster() {
      const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = POSTER_STYLE;
      const button = document.createElement('button');
      button.className = 'poster';
      button.type = 'button';
      const lesson = this.getAttribute('lesson');
      const title = lesson ? `Lesson: ${lesson.replaceAll('-', ' ')}` : 'A Docker Swarm in your browser';
      for (const [cls, text] of [['play', '▶'], ['title', title], ['hint', 'Start the Swarm Playground']]) {
        const span = document.createElement('span');
        span.className = cls;
        span.textContent = text;
        if (cls === 'play') span.setAttribute('aria-hidden', 'true');
        button.append(span);
      }
      button.setAttribute('aria-label', `Start the Swarm Playground: ${title}`);
      button.addEventListener('click', () => this.start().catch(() => {}));
      shadow.replaceChildren(style, button);
    }

    /** Loads and shows the playground (what the poster's click does); resolves to its API. */
    start() {
      this.#starting ??= (async () => {
        const options = {};
        for (const name of ATTRIBUTES) {
          if (!this.hasAttribute(name) || name === 'height') continue;
          options[name] = ['autoplay', 'readonly'].includes(name) ? flag(this, name) : this.getAttribute(name);
        }
        // Started by a click: time runs.
        options.autoplay = true;
        if (this.hasAttribute('aria-label')) options.name = this.getAttribute('aria-label');
        try {
          this.#api = await mount(this, options);
        } catch (error) {
          const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
          const message = document.createElement('p');
          message.className = 'failed';
          message.setAttribute('role', 'alert');
          message.textContent = `The playground could not start: ${error.message ?? error}`;
          const style = document.createElement('style');
          style.textContent = POSTER_STYLE;
          shadow.replaceChildren(style, message);
          throw error;
        }
        this.dispatchEvent(new CustomEvent('ready'));
        return this.#api;
      })();
      return this.#starting;
    }

    /** Resolves to the API once the playground runs (starting it if need be). */
    get ready() {
      return this.start();
    }

    #live() {
      if (!this.#api) throw new Error('the playground has not started: await element.ready first');
      return this.#api;
    }

    async run(line) { return (await this.start()).run(line); }
    advance(ms) { return this.#live().advance(ms); }
    step() { return this.#live().step(); }
    rewind(ms) { return this.#live().rewind(ms); }
    pause() { return this.#live().pause(); }
    play() { return this.#live().play(); }
    reset(seed) { return this.#live().reset(seed); }
    state() { return this.#live().state(); }
    lesson() { return this.#live().lesson(); }
    on(type, callback) { return this.#live().on(type, callback); }
    shareLink(base) { return this.#live().shareLink(base); }
    exportScript() { return this.#live().exportScript(); }
    destroy() {
      this.#api?.destroy();
      this.#api = undefined;
      this.#starting = undefined;
    }
  }
  customElements.define('swarm-playground', SwarmPlaygroundElement);
}

// Methods an embedding page may call across an iframe (embed.html's postMessage bridge).
export const API_METHODS = ['run', 'advance', 'step', 'rewind', 'pause', 'play', 'reset', 'state', 'lesson', 'shareLink', 'exportScript'];
export { PANELS };
