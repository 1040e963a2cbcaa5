// The integration guide's live example: shows each event the widget fires, as a host would see it.
const widget = document.getElementById("live-example");
const log = document.getElementById("event-log");
const MAX_SHOWN = 600;

for (const name of ["tamiz-ready", "tamiz-step", "tamiz-complete", "tamiz-exit", "tamiz-error"]) {
  widget.addEventListener(name, (event) => {
    const item = document.createElement("li");
    const title = document.createElement("code");
    title.textContent = name;
    item.append(title);
    if (event.detail !== null && event.detail !== undefined) {
      const pre = document.createElement("pre");
      const text = JSON.stringify(event.detail, null, 2);
      pre.textContent = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}\n…` : text;
      item.append(pre);
    }
    log.append(item);
  });
}
