// Mock case system: attaches the widget's assessment (`tamiz-complete`) and a referral summary to the
// case file, the way an agency's intranet would. Nothing leaves the page: a real system would POST the
// same JSON to its own back end.
const es = document.documentElement.lang !== "en";
const T = (a, b) => (es ? a : b);

const FINDING = {
  yes: T("sí", "yes"),
  no: T("no", "no"),
  indeterminate: T("indeterminado", "indeterminate"),
};
const URGENCY = {
  immediate: T("inmediata", "immediate"),
  priority: T("prioritaria", "priority"),
  routine: T("ordinaria", "routine"),
};
const ROUTE = {
  emergency: T("Emergencias", "Emergency services"),
  child_protection: T("Protección de niñas, niños y adolescentes", "Child protection"),
  prosecutor: T("Fiscalía / Ministerio Público", "Prosecutor's office"),
  specialised_assessment: T("Evaluación especializada en trata", "Specialised trafficking assessment"),
  labour_inspection: T("Inspección del trabajo", "Labour inspection"),
  victim_assistance: T("Asistencia a víctimas", "Victim assistance"),
  migration_protection: T("Protección migratoria", "Migration protection"),
};

const widget = document.getElementById("screening");
const list = document.getElementById("attachments");
const empty = document.getElementById("no-attachments");
const status = document.getElementById("case-status");
let attached = 0;

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function attach(assessment) {
  attached += 1;
  const when = new Date();
  const item = el("li");
  item.dataset.schema = assessment.schema || "";
  item.append(
    el("h4", T(`Adjunto ${attached}: evaluación de tamizaje`, `Attachment ${attached}: screening assessment`)),
    el("p", `${assessment.schema} · ${when.toLocaleString(es ? "es-PE" : "en-GB")}`),
  );

  const facts = el("dl");
  const row = (k, v) => facts.append(el("dt", k), el("dd", v));
  row(T("Trabajo forzoso", "Forced labour"), FINDING[assessment.forced_labour] ?? String(assessment.forced_labour));
  row(T("Trata de personas", "Trafficking"), FINDING[assessment.trafficking] ?? String(assessment.trafficking));
  row(T("Urgencia", "Urgency"), URGENCY[assessment.urgency] ?? String(assessment.urgency));
  row(T("Indicadores", "Indicators"), String((assessment.indicators || []).length));
  item.append(facts);

  item.append(el("h5", T("Resumen de derivación", "Referral summary")));
  const routes = el("ol");
  for (const r of assessment.referral_routes || []) routes.append(el("li", ROUTE[r] ?? r));
  if (!routes.children.length) routes.append(el("li", T("Sin derivación necesaria", "No referral needed")));
  item.append(routes);

  const details = el("details");
  details.append(el("summary", T("JSON adjunto (tamiz.assessment/1)", "Attached JSON (tamiz.assessment/1)")));
  details.append(el("pre", JSON.stringify(assessment, null, 2), { class: "attachment-json" }));
  item.append(details);

  list.append(item);
  empty.hidden = true;
  status.textContent = T("En curso — tamizaje adjunto", "Open — screening attached");
}

widget.addEventListener("tamiz-complete", (event) => attach(event.detail));
widget.addEventListener("tamiz-error", (event) => {
  const d = event.detail || {};
  list.append(el("li", T(`Error del tamizaje: ${d.message}`, `Screening error: ${d.message}`), { class: "error" }));
  empty.hidden = true;
});
