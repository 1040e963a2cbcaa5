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
  screening: { glue: "./tamiz_widget.js", wasm: "./tamiz_widget_bg.wasm" },
  training: { glue: "./tamiz_training.js", wasm: "./tamiz_training_bg.wasm" },
};
const loaded = {};

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
  const failed = (e) => {
    if (destroyed) return;
    failure = document.createElement("p");
    failure.setAttribute("role", "alert");
    failure.textContent = "The screening could not be loaded. / No se pudo cargar la evaluación.";
    root.append(failure);
    fire(element, "load-failed", String(e && e.message ? e.message : e));
  };
  // Mounts with the bundle the current options need; if the mode switched to or from training
  // while it loaded, the other bundle is loaded and mounted instead.
  const attach = () => {
    const name = bundleFor(current);
    return load(name).then((glue) => {
      if (destroyed) return;
      if (bundleFor(current) !== name) return attach();
      handle = glue.mount(element, current);
      mounted = name;
    });
  };
  // Fetch the wasm while the stylesheet loads.
  const ready = Promise.all([load(bundleFor(current)), styled]).then(attach).catch(failed);
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
        handle.update(options);
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
