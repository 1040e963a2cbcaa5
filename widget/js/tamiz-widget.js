// <tamiz-screening>: the loader. Defines the custom element, attaches an open shadow root, links the
// stylesheet (a same-origin file, so a `style-src 'self'` CSP allows it) and lazy-loads the
// WebAssembly only when the first widget is mounted. Everything else happens in Rust (`widget/src`).
//
// Drop-in:  <script type="module" src=".../tamiz-widget.js"></script>
//           <tamiz-screening mode="self" country="PE" lang="es"></tamiz-screening>
// Explicit: import { mount } from ".../tamiz-widget.js"; const h = mount(el, { mode, country });
//           h.destroy();

const base = import.meta.url;
const cssUrl = new URL("./tamiz-widget.css", base);
const trainingCssUrl = new URL("./tamiz-training.css", base);

// Two builds of the same Rust crate: the screening bundle every page loads, and the training
// bundle (practice cases, feedback) that only `mode="training"` loads, so screening pages never
// download the practice narratives.
const BUNDLES = {
  screening: { glue: "./tamiz_widget.js", wasm: "./tamiz_widget_bg.wasm", packs: "./tamiz_widget_" },
  training: { glue: "./tamiz_training.js", wasm: "./tamiz_training_bg.wasm", packs: "./tamiz_training_" },
};
const loaded = {};
const packs = {}; // `${bundle}/${key}` → Promise of the pack's bytes
const added = new Set(); // the packs handed to their bundle's wasm

function bundleFor(options) {
  return String(options?.mode ?? "").trim() === "training" ? "training" : "screening";
}

/** Loads and instantiates a bundle once; every widget on the page that needs it shares it. */
function load(name) {
  const bundle = BUNDLES[name];
  loaded[name] ??= import(new URL(bundle.glue, base).href).then(async (glue) => {
    await glue.default({ module_or_path: new URL(bundle.wasm, base) });
    return glue;
  });
  return loaded[name];
}

/** Fetches a content pack's bytes once; one that failed is tried again next time. */
function fetchPack(name, key) {
  const id = `${name}/${key}`;
  packs[id] ??= fetch(new URL(`${BUNDLES[name].packs}${key}.bin`, base))
    .then((response) => {
      if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
      return response.arrayBuffer();
    })
    .catch((e) => {
      delete packs[id];
      throw e;
    });
  return packs[id];
}

/**
 * The pack `options` will most likely need, guessed before the wasm can say which (its
 * `content_key` decides), so that the pack downloads alongside the wasm rather than after it. Only a
 * hint: for anything but the plain attribute values it guesses nothing. Its lists repeat the values
 * `RawOptions::validate` accepts; a test in `widget/src/config.rs` keeps them equal.
 */
function likelyKey(options) {
  const value = (v) => String(v ?? "").trim();
  const lang = value(options?.lang) || "es";
  const country = value(options?.country).toLowerCase();
  const mode = value(options?.mode);
  if (!["es", "en"].includes(lang) || !["co", "ec", "pe"].includes(country)) return null;
  if (mode === "training") return `${lang}-${country}`;
  return ["self", "inspector", "migration", "prosecutor"].includes(mode) ? `${lang}-${country}-${mode}` : null;
}

/**
 * Loads a bundle and the content pack `options` need: the texts of one language, one country and
 * one role (`tamiz_widget_es-pe-self.bin`), which the bundle names (`content_key`), and hands the
 * pack to the wasm once. Invalid options need none: mounting shows why.
 */
function loadFor(name, options) {
  const likely = likelyKey(options);
  if (likely) fetchPack(name, likely).catch(() => {}); // a failure shows below, if it matters
  return load(name).then((glue) => {
    const key = glue.content_key(options);
    if (!key) return glue;
    const id = `${name}/${key}`;
    return fetchPack(name, key).then((bytes) => {
      if (!added.has(id)) {
        glue.add_content(key, new Uint8Array(bytes));
        added.add(id);
      }
      return glue;
    });
  });
}

function fire(element, code, message) {
  element.dispatchEvent(
    new CustomEvent("tamiz-error", { bubbles: true, composed: true, detail: { code, message } }),
  );
}

/**
 * Mounts a screening into `element` (its open shadow root is created if needed).
 * `options`: { mode, country, lang, quickExitUrl, emitAnswers, config }.
 * Returns { ready: Promise, update(options), destroy() }.
 */
export function mount(element, options = {}) {
  let current = options;
  let handle = null;
  let destroyed = false;
  let root;
  let failure = null;
  try {
    root = element.shadowRoot ?? element.attachShadow({ mode: "open" });
  } catch (e) {
    fire(element, "no-shadow-root", `cannot attach a shadow root to <${element.localName}>`);
    return { ready: Promise.resolve(), update() {}, destroy() {} };
  }
  const links = [];
  const stylesheet = (url) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = url.href;
    links.push(link);
    root.append(link);
    return new Promise((resolve) => {
      link.addEventListener("load", resolve, { once: true });
      link.addEventListener("error", resolve, { once: true });
    });
  };
  let trainingStyled = null;
  const styledFor = (options) => {
    if (bundleFor(options) !== "training") return Promise.resolve();
    trainingStyled ??= stylesheet(trainingCssUrl);
    return trainingStyled;
  };
  const styled = Promise.all([stylesheet(cssUrl), styledFor(current)]);
  let mounted = null; // the bundle `handle` belongs to
  const failed = (e, text = "The screening could not be loaded. / No se pudo cargar la evaluación.") => {
    if (destroyed) return;
    failure?.remove();
    failure = document.createElement("p");
    failure.setAttribute("role", "alert");
    failure.textContent = text;
    root.append(failure);
    fire(element, "load-failed", String(e && e.message ? e.message : e));
  };
  // Mounts with the bundle and content pack the current options need; if the options changed
  // while they loaded, loads what the new ones need instead.
  const attach = () => {
    const wanted = current;
    const name = bundleFor(wanted);
    return loadFor(name, wanted).then((glue) => {
      if (destroyed) return;
      if (current !== wanted) return attach();
      handle = glue.mount(element, current);
      mounted = name;
    });
  };
  // Fetch the wasm and the content pack while the stylesheet loads.
  const ready = Promise.all([loadFor(bundleFor(current), current), styled]).then(attach).catch(failed);
  const unmount = () => {
    if (handle) {
      handle.destroy();
      handle.free();
      handle = null;
    }
  };
  return {
    ready,
    update(options) {
      current = options;
      if (!handle) return;
      if (bundleFor(options) === mounted) {
        // Same bundle: once the pack the new options need is in (a language switch fetches the
        // other language's), the widget updates in place and keeps the answers.
        loadFor(mounted, options)
          .then(() => {
            if (!handle || current !== options) return;
            handle.update(options);
            failure?.remove();
            failure = null;
          })
          .catch((e) =>
            failed(
              e,
              "This change could not be loaded; the screening stays as it was. / No se pudo cargar este cambio; la evaluación sigue como estaba.",
            ),
          );
      } else {
        unmount();
        styledFor(options)
          .then(attach)
          .catch(failed);
      }
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      unmount();
      for (const link of links) link.remove();
      failure?.remove();
    },
  };
}

const ATTRIBUTES = ["mode", "country", "lang", "quick-exit-url", "emit-answers"];

/** The `<tamiz-screening>` element: attributes and the `config` property feed `mount`. */
export class TamizScreening extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #handle = null;
  #config = undefined;

  constructor() {
    super();
    // A `config` set before the element was defined shadows the accessor: re-apply it.
    if (Object.prototype.hasOwnProperty.call(this, "config")) {
      const value = this.config;
      delete this.config;
      this.#config = value;
    }
  }

  get config() {
    return this.#config;
  }

  set config(value) {
    this.#config = value;
    this.#handle?.update(this.#options());
  }

  #options() {
    return {
      mode: this.getAttribute("mode"),
      country: this.getAttribute("country"),
      lang: this.getAttribute("lang"),
      quickExitUrl: this.getAttribute("quick-exit-url"),
      emitAnswers: this.hasAttribute("emit-answers"),
      config: this.#config,
    };
  }

  connectedCallback() {
    this.#handle ??= mount(this, this.#options());
  }

  disconnectedCallback() {
    // A move in the DOM disconnects and reconnects in one task: only tear down if still detached.
    queueMicrotask(() => {
      if (!this.isConnected && this.#handle) {
        this.#handle.destroy();
        this.#handle = null;
      }
    });
  }

  attributeChangedCallback() {
    this.#handle?.update(this.#options());
  }
}

if (!customElements.get("tamiz-screening")) {
  customElements.define("tamiz-screening", TamizScreening);
}
