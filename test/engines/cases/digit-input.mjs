// <se-digit-input> in every engine, used as a person uses it: numbers written on its pad with
// the mouse (pointer events, stroke by stroke, from the test suite's pen-drawn digits), typed
// as a fallback, corrected through a digit's alternatives, sent with their form; its
// constraints, reset and disabled state as an <input> has them; one worker for the page's
// fields; and axe-core's WCAG 2.1 A/AA rules in the light and the dark colour scheme.
import assert from 'node:assert/strict';
import { docExample } from '../../support/doc-examples.mjs';
import { HANDS, numberStrokes, shadowRect } from '../../support/handwriting.mjs';
import { mulberry32 as random } from '../../support/number-images.mjs'; // seeded: every engine writes the same hands
import { axeViolations } from '../demo-inspect.mjs';

const PAGE = '/test/pages/digit-input.html';
const NUMBERS = 20; // 4-digit numbers written in each engine

/** The box of an element inside field `id`'s shadow root, in viewport pixels (scrolled into view). */
const shadowBox = (page, id, selector) => page.evaluate(shadowRect, [`#${id}`, selector]);

/** Taps (clicks, with pointer events) the centre of an element inside field `id`. */
async function tap(page, id, selector) {
  const box = await shadowBox(page, id, selector);
  assert.ok(box, `no ${selector} in #${id}`);
  await page.strokes([[[box.x + box.width / 2, box.y + box.height / 2]]]);
}

/** The button of digit `i` (from 0) under the pad. */
const digitButton = (i) => `[part~="digit-column"]:nth-child(${i + 1}) [part~="digit"]`;

/** The button under digit `i` that makes it `label`. */
const candidate = (i, label) => `[part~="digit-column"]:nth-child(${i + 1}) [part~="candidate"][value="${label}"]`;

/** What field `id` holds once no reading is pending: its value, digits and validity. */
function settled(page, id, { timeout = 60_000 } = {}) {
  return page.waitFor(
    (id) => {
      const field = document.getElementById(id);
      if (field.matches(':state(reading)')) return null;
      return {
        value: field.value,
        valid: field.checkValidity(),
        message: field.validationMessage,
        status: field.shadowRoot.querySelector('[part~="status"]').textContent,
        digits: field.digits.map((d) => ({ label: d.label, unsure: d.unsure, top: d.top.map((c) => c.label) })),
      };
    },
    id,
    { timeout },
  );
}

/** Writes `text` on field `id`'s empty pad and resolves with what it read. */
async function write(page, id, text, hand = HANDS[0], rng = random(1)) {
  await page.evaluate((id) => document.getElementById(id).clear(), id);
  const pad = await shadowBox(page, id, '[part~="pad"]');
  await page.strokes(numberStrokes(text, pad, hand, rng));
  await page.waitFor((id) => document.getElementById(id).digits.length > 0 || document.getElementById(id).shadowRoot.querySelector('[part~="status"]').textContent.startsWith('Nothing'), id, { timeout: 60_000 });
  return settled(page, id);
}

export const cases = [
  {
    name: '<se-digit-input> in a form, in turn: 4-digit numbers written with the mouse read exactly, a wrong digit corrected through its alternatives, typing as a fallback, an unclear digit left out until chosen, undo and erase, the value sent with the form, reset, constraints and disabled as on <input>, one worker for two fields, axe-core in light and dark',
    timeout: 240_000,
    async run(t) {
      const page = await t.setUp(async () => {
        const page = await t.open(PAGE, { viewport: { width: 1280, height: 800 } });
        await page.waitFor(() => window.digitInputReady === true);
        return page;
      });

      await t.step(`${NUMBERS} numbers of 4 digits written with the mouse (pointer events) in ${HANDS.length} hands: at least 95% read exactly; each wrong digit whose truth is among its alternatives is put right by choosing it`, async () => {
        const rng = random(24);
        const results = [];
        for (let i = 0; i < NUMBERS; i++) {
          const text = Array.from({ length: 4 }, () => String(Math.floor(rng() * 10))).join('');
          const hand = HANDS[i % HANDS.length];
          const read = await write(page, 'quantity', text, hand, rng);
          results.push({ text, hand: hand.name, read });
        }
        const wrong = results.filter((r) => r.read.value !== r.text || r.read.digits.length !== 4);
        const right = NUMBERS - wrong.length;
        console.log(`  ${t.engine}: <se-digit-input> read ${right}/${NUMBERS} numbers exactly${wrong.length ? ` (${wrong.map((r) => `${r.hand} ${r.text} as ${r.read.value || '–'}`).join('; ')})` : ''}`);
        assert.ok(right / NUMBERS >= 0.95, `${right}/${NUMBERS} exactly right: ${wrong.map((r) => `${r.text} read as ${r.read.value}`).join('; ')}`);
        // Correcting: each wrong number again, each wrong digit put right in one tap on the
        // reading under it.
        for (const { text, hand } of wrong) {
          const again = await write(page, 'quantity', text, HANDS.find((h) => h.name === hand), random(text.charCodeAt(0)));
          if (again.digits.length !== 4) continue; // a digit missed or split: no alternative can fix that
          for (const [i, digit] of again.digits.entries()) {
            if (digit.label === text[i] || !digit.top.includes(text[i])) continue;
            await tap(page, 'quantity', candidate(i, text[i]));
          }
          const fixed = await settled(page, 'quantity');
          const fixable = again.digits.every((d, i) => d.label === text[i] || d.top.includes(text[i]));
          if (fixable) assert.equal(fixed.value, text, `${text}: after choosing from the alternatives`);
        }
      }, { timeout: 180_000 });

      await t.step('a digit put right in one tap: under each digit its two other likeliest readings, a tap on one sets it; a tap on the digit opens its top 3 with Erase; the choice stays when the rest is read again', async () => {
        const read = await write(page, 'quantity', '35');
        assert.equal(read.value, '35');
        const under = await page.evaluate(() =>
          [...document.getElementById('quantity').shadowRoot.querySelectorAll('[part~="digit-column"]')].map((c) => [...c.querySelectorAll('[part~="candidate"]')].map((b) => b.getAttribute('aria-label'))),
        );
        assert.deepEqual(under, read.digits.map((d, i) => d.top.slice(1).map((label) => `${label}: make digit ${i + 1} a ${label}`)));
        const second = read.digits[0].top[1];
        await tap(page, 'quantity', candidate(0, second));
        const chosen = await settled(page, 'quantity');
        assert.equal(chosen.value, `${second}5`);
        assert.equal(chosen.status, `Digit 1 is ${second}.`);
        // The digit's own button: its top 3 (the one chosen pressed) and Erase.
        await tap(page, 'quantity', digitButton(0));
        const offered = await page.evaluate(() =>
          [...document.getElementById('quantity').shadowRoot.querySelectorAll('[part~="alternatives"] button')].map((b) => [b.getAttribute('aria-label') ?? b.textContent, b.getAttribute('aria-pressed')]),
        );
        assert.equal(offered.length, 4, JSON.stringify(offered));
        assert.deepEqual(offered.map(([, pressed]) => pressed), read.digits[0].top.map((label) => String(label === second)).concat(null));
        assert.equal(offered[3][0], 'Erase digit 1');
        // Another digit written beside them: the first keeps the choice.
        const pad = await shadowBox(page, 'quantity', '[part~="pad"]');
        const hand = HANDS[0];
        const h = hand.height * pad.height;
        const strokes = numberStrokes('7', { ...pad, x: pad.x + 2 * (hand.width * h + 0.45 * h) }, hand, random(3));
        await page.strokes(strokes);
        const more = await page.waitFor(() => document.getElementById('quantity').value.length === 3 && document.getElementById('quantity').value, undefined, { timeout: 30_000 });
        assert.equal(more, `${second}57`);
      });

      await t.step('undo takes back the last stroke and Erase one digit\'s strokes; both read again', async () => {
        const read = await write(page, 'quantity', '147');
        assert.equal(read.value, '147');
        await tap(page, 'quantity', '[part~="undo"]'); // the 7 is one stroke
        assert.equal((await page.waitFor(() => document.getElementById('quantity').value === '14' && 'ok', undefined, { timeout: 30_000 })), 'ok');
        await tap(page, 'quantity', digitButton(0));
        await tap(page, 'quantity', '[part~="erase"]');
        assert.equal((await page.waitFor(() => document.getElementById('quantity').value === '4' && 'ok', undefined, { timeout: 30_000 })), 'ok');
      });

      await t.step('a digit below the confidence threshold is marked, left out of the value, and makes the field invalid until one is chosen', async () => {
        const read = await write(page, 'quantity', '28');
        assert.equal(read.value, '28');
        // The threshold just above the second digit's probability: that digit becomes unclear.
        const outcome = await page.evaluate(() => {
          const field = document.getElementById('quantity');
          const [first, second] = field.digits;
          if (second.top.length === 0) return null;
          field.minConfidence = Math.min(1, Math.max(first.top[0].probability, second.top[0].probability) + 1e-7);
          const unsure = field.digits.map((d) => d.unsure);
          return {
            unsure,
            value: field.value,
            badInput: field.validity.badInput,
            invalid: field.matches(':invalid'),
            message: field.validationMessage,
            marked: [...field.shadowRoot.querySelectorAll('[part~="digits"] [part~="digit"]')].map((b) => b.getAttribute('part')),
          };
        });
        // Every digit below the threshold is unclear (both, unless one was read with certainty 1).
        assert.ok(outcome.unsure.some(Boolean), JSON.stringify(outcome));
        const kept = ['2', '8'].filter((_, i) => !outcome.unsure[i]).join('');
        assert.equal(outcome.value, kept);
        assert.equal(outcome.badInput, true);
        assert.equal(outcome.invalid, true);
        assert.match(outcome.message, /^Digits? [12](, 2)? (is|are) unclear/);
        assert.deepEqual(outcome.marked, outcome.unsure.map((u) => (u ? 'digit unsure' : 'digit')));
        // Each unclear digit offers all three readings under it: one tap on its likeliest.
        const offered = await page.evaluate(() => [...document.getElementById('quantity').shadowRoot.querySelectorAll('[part~="digit-column"]')].map((c) => [...c.querySelectorAll('[part~="candidate"]')].map((b) => b.value).join('')));
        for (const [i, unsure] of outcome.unsure.entries()) {
          if (!unsure) continue;
          assert.equal(offered[i], read.digits[i].top.join(''), `digit ${i + 1}: its top 3 under it`);
          await tap(page, 'quantity', candidate(i, read.digits[i].top[0]));
        }
        const fixed = await settled(page, 'quantity');
        assert.deepEqual([fixed.value, fixed.valid], ['28', true]);
        await page.evaluate(() => document.getElementById('quantity').removeAttribute('min-confidence'));
      });

      await t.step('typing as a fallback: a click on the label focuses the text box; digits typed are the value (other keys dropped), with input events as typed and change on leaving', async () => {
        await page.evaluate(() => {
          document.getElementById('pin').value = '';
          window.events.length = 0;
        });
        await page.click('label[for="pin"]');
        assert.equal(await page.evaluate(() => document.activeElement?.id === 'pin' && document.getElementById('pin').shadowRoot.activeElement?.getAttribute('part')), 'text');
        for (const key of ['4', 'x', '2', '0', '9']) await page.press(key);
        await page.press('Tab');
        const state = await page.evaluate(() => ({ value: document.getElementById('pin').value, events: window.events.filter((e) => e.includes(':pin:')) }));
        assert.equal(state.value, '4209');
        assert.deepEqual(state.events.filter((e) => e.startsWith('change')), ['change:pin:4209']);
        assert.deepEqual(state.events.filter((e) => e.startsWith('input')).at(-1), 'input:pin:4209');
      });

      await t.step('the form: the values are sent under their names; reset brings back each default; an empty required field stops the submit; min, max, maxlength and pattern as on <input>; a disabled field takes no ink and is not sent', async () => {
        await write(page, 'quantity', '305');
        await page.click('button[type="submit"]');
        assert.deepEqual(await page.waitFor(() => window.submitted.at(-1)), { quantity: '305', pin: '4209' });
        await page.click('button[type="reset"]');
        const reset = await page.evaluate(() => ({ quantity: document.getElementById('quantity').value, pin: document.getElementById('pin').value, ink: document.getElementById('quantity').digits.length }));
        assert.deepEqual(reset, { quantity: '', pin: '1234', ink: 0 });
        const before = await page.evaluate(() => window.submitted.length);
        await page.click('button[type="submit"]');
        const blocked = await page.evaluate(() => ({ sent: window.submitted.length, missing: document.getElementById('quantity').validity.valueMissing, invalid: document.getElementById('quantity').matches(':invalid') }));
        assert.deepEqual(blocked, { sent: before, missing: true, invalid: true });
        const constraints = await page.evaluate(() => {
          const quantity = document.getElementById('quantity');
          const pin = document.getElementById('pin');
          const flags = (field, value) => {
            field.value = value;
            const v = field.validity;
            return Object.keys({ rangeUnderflow: 0, rangeOverflow: 0, tooLong: 0, patternMismatch: 0, valueMissing: 0 }).filter((k) => v[k]).join() || 'valid';
          };
          const out = { zero: flags(quantity, '0'), big: flags(quantity, '123456'), ok: flags(quantity, '42'), short: flags(pin, '12'), long: flags(pin, '12345'), pin: flags(pin, '0042'), letters: flags(pin, '12ab') };
          out.asNumber = quantity.valueAsNumber;
          return out;
        });
        assert.deepEqual(constraints, { zero: 'rangeUnderflow', big: 'rangeOverflow', ok: 'valid', short: 'patternMismatch', long: 'tooLong', pin: 'valid', letters: 'patternMismatch', asNumber: 42 });
        await page.evaluate(() => (document.getElementById('pin').disabled = true));
        const pad = await shadowBox(page, 'pin', '[part~="pad"]');
        await page.strokes(numberStrokes('1', pad, HANDS[0], random(5)));
        const count = await page.evaluate(() => window.submitted.length);
        await page.click('button[type="submit"]');
        assert.deepEqual(await page.waitFor((count) => window.submitted[count], count), { quantity: '42' });
        assert.equal(await page.evaluate(() => document.getElementById('pin').value), '12');
        await page.evaluate(() => (document.getElementById('pin').disabled = false));
      });

      // Before the phone step: WebKit's driver shows a viewport narrower than its window in an
      // iframe (drivers.mjs), so there the page is loaded afresh, with no worker yet.
      await t.step('two fields, one classifier: both used (one written in, one typed in), and the page started one worker', async () => {
        assert.equal(await page.evaluate(() => window.startedWorkers.length), 1);
      });

      await t.step('on a phone (390x844), written with a finger (touch pointer events): the field fits the width, the page does not scroll while writing, and the number is read and sent', async () => {
        await page.setViewport(390, 844);
        const layout = await page.evaluate(() => ({
          scrolls: document.documentElement.scrollWidth > innerWidth,
          width: document.getElementById('quantity').getBoundingClientRect().width,
          inner: innerWidth,
        }));
        assert.equal(layout.scrolls, false, JSON.stringify(layout));
        assert.ok(layout.width <= layout.inner && layout.width > 0.8 * layout.inner - 40, JSON.stringify(layout));
        await page.evaluate(() => {
          document.getElementById('quantity').clear();
          document.getElementById('pin').value = '2468'; // valid again, so that the form can be sent
        });
        const pad = await shadowBox(page, 'quantity', '[part~="pad"]');
        const before = await page.evaluate(() => ((window.pointerTypes.length = 0), scrollY));
        // Smaller digits on the narrow pad: each a third of its width at most.
        const hand = { name: 'phone', height: 0.7, width: 0.5, slant: 0 };
        await page.touchStrokes(numberStrokes('2580', pad, hand, random(11)));
        await page.waitFor(() => document.getElementById('quantity').digits.length > 0, undefined, { timeout: 30_000 });
        const read = await settled(page, 'quantity');
        assert.equal(read.value, '2580');
        // WebKitWebDriver delivers a touch pointer's actions as mouse events (WebKitGTK's
        // MiniBrowser has no touch screen): there the strokes are the same, the pointer a mouse.
        assert.deepEqual([...new Set(await page.evaluate(() => window.pointerTypes))], [t.engine === 'webkit' ? 'mouse' : 'touch']);
        assert.equal(await page.evaluate(() => scrollY), before, 'the page scrolled under the finger');
        const sent = await page.evaluate(() => window.submitted.length);
        await page.click('button[type="submit"]');
        assert.deepEqual(await page.waitFor((sent) => window.submitted[sent], sent), { quantity: '2580', pin: '2468' });
        await page.setViewport(1280, 800);
      });

      await t.step('accessible: the text box is named by the label, the status line reads the value out, and axe-core WCAG 2.1 A/AA finds no violation in the light and the dark colour scheme', async () => {
        const read = await write(page, 'quantity', '90');
        assert.equal(read.status, 'Read 9 0');
        assert.equal(await page.evaluate(() => document.getElementById('quantity').shadowRoot.querySelector('input').getAttribute('aria-label')), 'Quantity');
        for (const scheme of ['light', 'dark']) {
          await page.evaluate((scheme) => (document.documentElement.style.colorScheme = scheme), scheme);
          assert.deepEqual(await axeViolations(page), [], scheme);
          // docs/images/digit-input.png is Chromium's light one.
          await page.screenshot(t.artifact(`digit-input-${scheme}.png`), { fullPage: false });
        }
      });

      await t.step("docs/digit-input.md's examples as written: the form with its field, then the change listener; a number written is logged and sent with the form", async () => {
        // Last, in the same tab (a tab in the background would have its timers slowed): the guide's page.
        // The harness checks the last page for uncaught errors; this one's are checked here.
        assert.deepEqual(await page.evaluate(() => window.pageErrors ?? []), []);
        const guide = page;
        await guide.goto(new URL('/test/pages/digit-input-guide.html', t.server.url).href);
        await guide.evaluate((html) => window.addExample(html), docExample('digit-input-form').code);
        await guide.waitFor(() => customElements.get('se-digit-input') !== undefined && document.querySelector('se-digit-input').shadowRoot !== null);
        await guide.evaluate((code) => {
          const script = document.createElement('script');
          script.type = 'module';
          script.textContent = `${code}\nwindow.exampleRan = true;`;
          document.body.append(script);
        }, docExample('digit-input-events').code);
        await guide.waitFor(() => window.exampleRan === true);
        const read = await write(guide, 'quantity', '42');
        assert.equal(read.value, '42');
        assert.deepEqual(await guide.waitFor(() => window.logs.length > 0 && window.logs), ['42 42 true']);
        await guide.click('form button');
        assert.deepEqual(await guide.waitFor(() => window.submitted.at(-1)), { quantity: '42' });
      });
    },
  },
];
