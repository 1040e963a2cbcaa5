// The NGO page's only script: lets the person pick their country (referral contacts differ). It
// stores nothing: no cookies, no storage, no history entries.
const select = document.getElementById("country");
const widget = document.getElementById("screening");
select.addEventListener("change", () => widget.setAttribute("country", select.value));
