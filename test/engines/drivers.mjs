// One small driver per browser engine, all with the same shape, so that a test case runs
// unchanged in Chromium, Firefox and WebKit. Each engine is a browser from Debian driven by
// its standard automation protocol (never a downloaded browser):
//   chromium  /usr/bin/chromium through Playwright (CDP), as the rest of the browser tests
//   firefox   /usr/bin/firefox-esr through puppeteer-core over WebDriver BiDi, headless
//   webkit    WebKitGTK's MiniBrowser (Safari's engine) through selenium-webdriver and
//             WebKitWebDriver (WebDriver classic), on a virtual display (xvfb-run), with
//             SharedArrayBuffer on for cross-origin isolated pages as in Safari
//   webkitgtk the same WebKit as WebKitGTK ships it: no SharedArrayBuffer
//
//   const engine = await launchEngine('firefox');
//   const context = await engine.newContext();  // a fresh profile: no cache, no IndexedDB
//   const page = await context.newPage();
//   await page.goto(url);
//   const label = await page.evaluate(async (x) => ..., arg); // JSON in, JSON out
//   await context.close(); await engine.close();
//
// Functions given to evaluate() run in the page: they are sent as source text, so they must
// not use anything from the test's scope (as with Playwright's page.evaluate).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const ENGINES = ['chromium', 'firefox', 'webkit', 'webkitgtk'];

/** Where each engine's browser comes from (Debian packages; scripts/ensure-browsers.sh installs them). */
export const BROWSERS = {
  chromium: '/usr/bin/chromium',
  firefox: '/usr/bin/firefox-esr',
  webkit: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
};
const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';

/** Chromium's flags, as in playwright.config.ts: software WebGPU, and no traffic of its own. */
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/**
 * WebKitGTK exposes no SharedArrayBuffer, even to a cross-origin isolated page (WebKit bug
 * 317847: the GLib ports do not turn it on yet), so WASM runs on one thread there. Safari
 * does expose it to cross-origin isolated pages. JavaScriptCore's own option turns it on, so
 * that the WebKit runs behave like Safari; `sharedArrayBuffer: false` keeps WebKitGTK's default.
 */
const SAFARI_LIKE_ENV = { JSC_useSharedArrayBuffer: '1' };

/**
 * Starts an engine: chromium, firefox, webkit or webkitgtk (see above).
 * Resolves with { name, version, newContext(), close() }.
 */
export async function launchEngine(name, options = {}) {
  if (name === 'chromium') {
    const { chromium } = await import('@playwright/test');
    return playwrightEngine(await chromium.launch({ executablePath: BROWSERS.chromium, args: CHROMIUM_ARGS }), { owned: true });
  }
  if (name === 'firefox') return firefoxEngine();
  if (name === 'webkit') return webkitEngine(options);
  if (name === 'webkitgtk') return webkitEngine({ ...options, sharedArrayBuffer: false });
  throw new Error(`unknown engine ${name}: expected one of ${ENGINES.join(', ')}`);
}

/**
 * How long a wait sleeps between two looks. Each look is one round trip to the page (a few
 * milliseconds), and a case waits for something hundreds of times: at 100 ms, half of each
 * interval (50 ms on average) was lost per wait.
 */
const POLL_MS = 25;

/** Polls `check` until it resolves truthy; rejects after `timeoutMs`, naming `what`. */
async function poll(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The methods every page has that are built on evaluate() alone, the same in each engine. */
function commonPage(page) {
  return Object.assign(page, {
    /** Waits until `fn(arg)`, run in the page, returns something truthy; resolves with it. */
    waitFor(fn, arg, { timeout = 30_000 } = {}) {
      return poll(() => page.evaluate(fn, arg).catch(() => null), timeout, String(fn).slice(0, 120));
    },
    /** The bounding box, in viewport pixels, of the element matching `selector` (scrolled into view). */
    box(selector) {
      return page.evaluate((selector) => {
        const element = document.querySelector(selector);
        if (!element) return null;
        element.scrollIntoView({ block: 'center', inline: 'center' });
        const { x, y, width, height } = element.getBoundingClientRect();
        return { x, y, width, height };
      }, selector);
    },
    /**
     * Draws strokes on the element matching `selector` with the mouse (pointer events):
     * each stroke is a list of points as fractions of the element's width and height.
     */
    async draw(selector, strokes) {
      const box = await page.box(selector);
      if (!box) throw new Error(`no element ${selector} to draw on`);
      await page.strokes(strokes.map((stroke) => stroke.map(([x, y]) => [box.x + x * box.width, box.y + y * box.height])));
    },
    /** Clicks the centre of the element matching `selector` with the mouse (pointer events). */
    async click(selector) {
      const box = await page.box(selector);
      if (!box) throw new Error(`no element ${selector} to click`);
      await page.strokes([[[box.x + box.width / 2, box.y + box.height / 2]]]);
    },
    /** Moves the mouse over the centre of the element matching `selector`. */
    async hover(selector) {
      const box = await page.box(selector);
      if (!box) throw new Error(`no element ${selector} to hover`);
      await page.mouseTo(box.x + box.width / 2, box.y + box.height / 2);
    },
  });
}

/**
 * A stroke goes from point to point at a hand's pace: a frame a point, a digit in about half a
 * second. WebDriver classic is told how long each move takes; Playwright and puppeteer move
 * straight to each point, and the page takes each move in a frame. (Steps in between drew the
 * same ink, as the pads join points with lines, four times slower.)
 */
const POINT_MS = 16;

/** Fills a script that runs `fn(arg)` as an async function, for WebDriver classic's execute/async. */
const asyncScript = (fn) => `const [{ arg }, done] = [arguments[0], arguments[arguments.length - 1]];
Promise.resolve().then(() => (${fn})(arg)).then(
  (value) => done({ value: value === undefined ? null : value }),
  (error) => done({ error: String(error && error.stack ? error.name + ': ' + error.message + '\\n' + error.stack : error) }),
);`;

/** Plays strokes point by point: `down` at each stroke's first point, `move` to each next one, then `up`. */
async function playStrokes(strokes, { down, move, up }) {
  for (const [first, ...rest] of strokes) {
    await down(first);
    for (const point of rest) await move(point);
    await up();
  }
}

/**
 * A Playwright or puppeteer page (they share the same page, mouse and keyboard methods) as an
 * engine page; `resize(width, height)` sets its viewport, which the two name differently.
 */
function mousePage(page, resize) {
  return commonPage({
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    reload: async () => void (await page.reload({ waitUntil: 'load' })),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    strokes: (strokes) =>
      playStrokes(strokes, {
        down: async (point) => (await page.mouse.move(...point), await page.mouse.down()),
        move: (point) => page.mouse.move(...point),
        up: () => page.mouse.up(),
      }),
    /** The same strokes with a finger (touch pointer events): each point a move, as the mouse's. */
    async touchStrokes(strokes) {
      if (typeof page.touchscreen?.touchStart === 'function') {
        // puppeteer (Firefox, over WebDriver BiDi): a touch that moves, then ends.
        let touch;
        return playStrokes(strokes, {
          down: async (point) => void (touch = await page.touchscreen.touchStart(...point)),
          move: (point) => touch.move(...point),
          up: () => touch.end(),
        });
      }
      // Playwright (Chromium) has no touch drag: the DevTools protocol's touch events.
      const cdp = await page.context().newCDPSession(page);
      const touch = (type, [x, y] = []) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: x === undefined ? [] : [{ x, y }] });
      try {
        await playStrokes(strokes, { down: (point) => touch('touchStart', point), move: (point) => touch('touchMove', point), up: () => touch('touchEnd') });
      } finally {
        await cdp.detach();
      }
    },
    mouseTo: (x, y) => page.mouse.move(x, y),
    press: (key) => page.keyboard.press(key),
    setViewport: resize,
    screenshot: (path, { fullPage = true } = {}) => page.screenshot({ path, fullPage }),
    close: () => page.close(),
  });
}

// ---------------------------------------------------------------------------------------
// Chromium: Playwright.

/** Wraps a Playwright browser (launched here, or the one a Playwright test was given). */
export function playwrightEngine(browser, { owned = false } = {}) {
  return {
    name: 'chromium',
    version: browser.version(),
    async newContext() {
      const context = await browser.newContext();
      return {
        async newPage({ viewport } = {}) {
          const page = await context.newPage();
          if (viewport) await page.setViewportSize(viewport);
          return mousePage(page, (width, height) => page.setViewportSize({ width, height }));
        },
        close: () => context.close(),
      };
    },
    close: () => (owned ? browser.close() : undefined),
  };
}

// ---------------------------------------------------------------------------------------
// Firefox: puppeteer-core over WebDriver BiDi.

/**
 * Every WebDriver BiDi session in Firefox registers a listener with each content process's
 * WorkerDebuggerManager (the remote agent's WebDriverWorkerListener actor, which tracks
 * workers for BiDi's worker realms). While any such listener exists, a worker that starts a
 * worker of its own (onnxruntime-web's WASM threads are nested workers) waits inside
 * `new Worker()` until the main thread has registered the new worker's debugger. As Firefox's
 * source reads, it waits on the new worker's condition variable, which the new worker's own
 * thread (already started) waits on too, and the main thread wakes only one of them: when
 * that is the new worker's thread, the parent worker waits for good (no timer, no message,
 * no error). In this harness that was 1 to 4 loads of the SDK in 100 with 2 threads; a
 * worker that starts 20 plain nested workers hung in 24 loads of 30 under automation and in
 * none of 30 without it. No case needs BiDi's worker realms, so the session unregisters that
 * actor (the remote agent's own function for it) in the browser's chrome, and nested workers
 * start as they do without automation.
 */
async function stopWorkerListener(browser) {
  const { result } = await browser.connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
  const chrome = result.contexts[0]?.context;
  if (!chrome) throw new Error('Firefox: no chrome browsing context to stop the WebDriver worker listener in');
  const { result: evaluated } = await browser.connection.send('script.evaluate', {
    // A Firefox without that actor (older than BiDi's worker realms) has no listener to stop.
    expression: `(() => {
      let actor;
      try {
        actor = ChromeUtils.importESModule('chrome://remote/content/shared/js-process-actors/WebDriverWorkerListenerActor.sys.mjs');
      } catch {
        return 'absent';
      }
      actor.unregisterWebDriverWorkerListenerActor();
      return 'stopped';
    })()`,
    target: { context: chrome },
    awaitPromise: false,
  });
  if (evaluated.type !== 'success') throw new Error(`Firefox: could not stop the WebDriver worker listener: ${JSON.stringify(evaluated.exceptionDetails ?? evaluated)}`);
}

async function firefoxEngine() {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: BROWSERS.firefox,
    headless: true,
    protocol: 'webDriverBiDi',
    // Longer than any case's own time limit: a page that hangs is the harness's to time out,
    // not a protocol error of its own.
    protocolTimeout: 600_000,
    // No traffic of its own on a closed network (puppeteer already turns off updates and telemetry).
    extraPrefsFirefox: { 'network.captive-portal-service.enabled': false, 'network.connectivity-service.enabled': false },
    // For stopWorkerListener (above): lets the session run a script in the browser's own chrome.
    args: ['--remote-allow-system-access'],
  });
  await stopWorkerListener(browser);
  const version = await browser.version();
  return {
    name: 'firefox',
    version,
    // A case that hangs is the harness's to time out, sooner than in the other engines.
    caseTimeoutMs: 45_000,
    async newContext() {
      // A WebDriver BiDi user context: storage and cache of its own, like a fresh profile.
      const context = await browser.createBrowserContext();
      return {
        async newPage({ viewport } = {}) {
          const page = await context.newPage();
          if (viewport) await page.setViewport(viewport);
          return mousePage(page, (width, height) => page.setViewport({ width, height }));
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------------------------------
// WebKit: selenium-webdriver and WebKitWebDriver, MiniBrowser on a virtual display.

/**
 * A free port for WebKitWebDriver, which cannot pick one itself: one the system hands out for
 * port 0, let go of at once (another program could take it in between; the start then fails
 * and says so).
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function webkitEngine({ sharedArrayBuffer = true } = {}) {
  const { Builder, By, Key, Origin } = await import('selenium-webdriver');
  const { Pointer } = await import('selenium-webdriver/lib/input.js'); // the touch pointer's class
  const port = await freePort();
  // xvfb-run gives WebKitWebDriver (and the MiniBrowser it starts) a virtual display of its own.
  const driverProcess = spawn('xvfb-run', ['-a', '-s', '-screen 0 1920x6000x24', WEBKIT_DRIVER, `--port=${port}`], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...(sharedArrayBuffer ? SAFARI_LIKE_ENV : {}) },
  });
  let stderr = '';
  driverProcess.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const server = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-driverProcess.pid, 'SIGTERM');
    } catch {} // already gone
  };
  try {
    await poll(() => fetch(`${server}/status`).then((r) => r.ok, () => false), 20_000, `WebKitWebDriver on port ${port} (${stderr.trim()})`);
  } catch (error) {
    stop();
    throw error;
  }
  const capabilities = {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: BROWSERS.webkit, args: ['--automation'] },
  };
  /** One WebDriver session: a MiniBrowser of its own, with ephemeral storage. */
  const session = async () => {
    const driver = await new Builder().usingServer(server).withCapabilities(capabilities).build();
    await driver.manage().setTimeouts({ script: 600_000, pageLoad: 60_000 });
    return driver;
  };
  let current = await session();
  const version = (await current.getCapabilities()).get('browserVersion');
  const firstRect = await current.manage().window().getRect();
  const wrap = (driver, handle) => {
    // A viewport narrower than MiniBrowser's window can be (447 px, its toolbar's width) is an
    // iframe of exactly that size at the window's top-left (test/pages/viewport.html): the
    // driver works inside it (WebDriver's frame switching), and the page's layout and media
    // queries see the iframe's size. Pointer positions are the same in both: it sits at 0, 0.
    let frame = null;
    let shown = null; // the URL last loaded, at the top or in the frame
    // One WebDriver session drives all the pages of a context: switch to a page's window first.
    const top = async () => {
      if ((await driver.getWindowHandle()) !== handle) await driver.switchTo().window(handle);
      await driver.switchTo().defaultContent();
      return driver;
    };
    const on = async () => {
      const d = await top();
      if (frame?.loaded) await d.switchTo().frame(0);
      return d;
    };
    /** Loads `url` in the frame (or reloads it), and waits for its load event. */
    const loadFrame = async (url) => {
      const d = await top();
      await d.executeAsyncScript(
        `const [url, done] = arguments;
        const iframe = document.querySelector('iframe');
        iframe.onload = () => done();
        if (url) iframe.src = url; else iframe.contentWindow.location.reload();`,
        url,
      );
      frame.loaded = true;
    };
    /** Strokes as one WebDriver action sequence of the mouse or of a finger (a touch pointer). */
    const strokeActions = async (strokes, kind) => {
      const actions = (await on()).actions({ async: true });
      const pointer = kind === 'touch' ? new Pointer('finger', Pointer.Type.TOUCH) : actions.mouse();
      const to = ([x, y], duration) => pointer.move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT, duration });
      for (const [first, ...rest] of strokes) actions.insert(pointer, to(first, 0), pointer.press(), ...rest.map((point) => to(point, POINT_MS)), pointer.release());
      await actions.perform();
    };
    const goto = async (url) => {
      shown = url;
      if (!frame) return void (await (await on()).get(url));
      const d = await top();
      const host = new URL(`/test/pages/viewport.html?width=${frame.width}&height=${frame.height}`, url).href;
      if ((await d.getCurrentUrl()) !== host) await d.get(host);
      await loadFrame(url);
    };
    return commonPage({
      goto,
      reload: async () => (frame ? loadFrame(null) : void (await (await on()).navigate().refresh())),
      async evaluate(fn, arg) {
        const result = await (await on()).executeAsyncScript(asyncScript(fn), { arg });
        if (result && 'error' in result) throw new Error(`in the page: ${result.error}`);
        return result?.value;
      },
      strokes: (strokes) => strokeActions(strokes, 'mouse'),
      /**
       * The same strokes with a finger: a touch pointer of WebDriver's actions, which
       * WebKitWebDriver delivers as mouse events (MiniBrowser has no touch screen).
       */
      touchStrokes: (strokes) => strokeActions(strokes, 'touch'),
      mouseTo: async (x, y) => (await on()).actions({ async: true }).move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT }).perform(),
      press: async (key) => (await on()).actions({ async: true }).sendKeys(Key[key.toUpperCase()] ?? key).perform(),
      async setViewport(width, height) {
        // WebDriver sizes the window; the viewport is what is left inside it.
        const d = await top();
        const window = d.manage().window();
        await window.setRect({ width, height });
        const [innerWidth, innerHeight] = await d.executeScript('return [innerWidth, innerHeight]');
        await window.setRect({ width: 2 * width - innerWidth, height: 2 * height - innerHeight });
        const [w, h] = await d.executeScript('return [innerWidth, innerHeight]');
        // A page already shown moves into the frame, or out of it: loaded again, at the size asked for.
        if (w !== width || h !== height) {
          frame = { width, height, loaded: false };
          if (shown) await goto(shown);
        } else if (frame) {
          frame = null;
          if (shown) await goto(shown);
        }
      },
      async screenshot(path, { fullPage = true } = {}) {
        // WebDriver classic takes the viewport: for the whole page, the window (and the frame)
        // grow to the page's height first.
        const d = await on();
        const [innerHeight, scrollHeight] = await d.executeScript('return [innerHeight, document.documentElement.scrollHeight]');
        const grow = fullPage && scrollHeight > innerHeight ? scrollHeight - innerHeight : 0;
        await top();
        const window = d.manage().window();
        const before = await window.getRect();
        if (grow) {
          await window.setRect({ width: before.width, height: before.height + grow });
          if (frame) await d.executeScript('document.querySelector("iframe").height = arguments[0]', frame.height + grow);
        }
        // Two animation frames: the resized window and frame are laid out and painted.
        await d.executeAsyncScript('const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()))');
        const shot = frame ? await (await d.findElement(By.css('iframe'))).takeScreenshot() : await d.takeScreenshot();
        writeFileSync(path, Buffer.from(shot, 'base64'));
        if (grow) {
          if (frame) await d.executeScript('document.querySelector("iframe").height = arguments[0]', frame.height);
          await window.setRect({ width: before.width, height: before.height });
        }
      },
      close: async () => {
        await (await top()).close();
      },
    });
  };
  return {
    name: sharedArrayBuffer ? 'webkit' : 'webkitgtk',
    version: `${version}${sharedArrayBuffer ? ' (SharedArrayBuffer on, as in Safari)' : ' (as WebKitGTK ships it: no SharedArrayBuffer)'}`,
    /**
     * A WebDriver session (a MiniBrowser) takes a second or more to start, so contexts take
     * turns on one: its storage is ephemeral and it has no HTTP cache, and the cases run each
     * on an origin of their own (harness.mjs), so nothing carries over. Closing a context
     * closes its extra tabs and leaves the first on about:blank at the first size; a session
     * that does not answer then is replaced.
     */
    async newContext() {
      const driver = (current ??= await session());
      const [home] = await driver.getAllWindowHandles();
      let used = false;
      return {
        async newPage({ viewport } = {}) {
          if (used) await driver.switchTo().newWindow('tab');
          else await driver.switchTo().window(home);
          used = true;
          const page = wrap(driver, await driver.getWindowHandle());
          if (viewport) await page.setViewport(viewport.width, viewport.height);
          return page;
        },
        async close() {
          const reset = async () => {
            for (const handle of await driver.getAllWindowHandles()) {
              if (handle === home) continue;
              await driver.switchTo().window(handle);
              await driver.close();
            }
            await driver.switchTo().window(home);
            await driver.switchTo().defaultContent();
            await driver.get('about:blank');
            await driver.manage().window().setRect(firstRect);
          };
          let timer;
          try {
            await Promise.race([reset(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('stuck')), 10_000)))]);
          } catch {
            if (current === driver) current = null;
            await driver.quit().catch(() => undefined);
          } finally {
            clearTimeout(timer);
          }
        },
      };
    },
    async close() {
      await current?.quit().catch(() => undefined);
      stop();
    },
  };
}

/** A PNG's width and height, read from its header. */
export function pngSize(path) {
  const png = readFileSync(path);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
