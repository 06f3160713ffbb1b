// assure serve, the questionnaire: keeps the answers in this browser's local storage (one
// submission per form version), fills the page's controls from them, checks the submission on
// this server as answers change, shows each finding beside the question it cites, hides the
// questions the form's skip logic takes out, and on the "outstanding" page lists what is left
// and saves or loads the submission as a JSON file. Nothing is sent anywhere but this server.
"use strict";
(function () {
  const form = document.querySelector("form.questions");
  const tokenMeta = document.querySelector('meta[name="assure-token"]');
  if (!form || !tokenMeta) return;
  const version = form.dataset.version;
  const key = "assure-fill-" + version;
  const token = tokenMeta.content;
  const WORDS = { fail: "Not met", outstanding: "Evidence outstanding", pass: "Met", waived: "Waived", error: "Could not be checked", fired: "Applies" };
  let state = load();
  let skipped = [];
  let timer = null;

  function load() {
    try {
      const v = JSON.parse(localStorage.getItem(key) || "{}");
      return v && typeof v === "object" && !Array.isArray(v) ? v : {};
    } catch (e) {
      return {};
    }
  }

  function stamp() {
    state.schema_version = "2";
    if (!state.submission || typeof state.submission !== "object") state.submission = {};
    state.submission.dtac_version = version;
  }

  function save() {
    stamp();
    try {
      localStorage.setItem(key, JSON.stringify(state));
      status("Your answers are saved in this browser.");
    } catch (e) {
      status("Your answers could not be saved in this browser (" + e.message + "). Save the submission as a file from the outstanding page.");
    }
  }

  function status(text) {
    const s = document.getElementById("save-status");
    if (s && s.textContent !== text) s.textContent = text;
  }

  function get(path) {
    return path.split(".").reduce((o, k) => (o && typeof o === "object" ? o[k] : undefined), state);
  }

  function set(path, value) {
    const keys = path.split(".");
    const trail = [];
    let o = state;
    for (const k of keys.slice(0, -1)) {
      if (!o[k] || typeof o[k] !== "object" || Array.isArray(o[k])) o[k] = {};
      trail.push([o, k]);
      o = o[k];
    }
    const last = keys[keys.length - 1];
    if (value === undefined) delete o[last]; else o[last] = value;
    // Leave no empty objects behind an answer taken back.
    for (let i = trail.length - 1; i >= 0; i--) {
      const [parent, k] = trail[i];
      if (Object.keys(parent[k]).length === 0) delete parent[k]; else break;
    }
  }

  /** The controls that carry a path: a fieldset of radios or checkboxes, or one control. */
  function controls() {
    return Array.from(form.querySelectorAll("[data-path]")).filter((el) => el.dataset.kind !== "document");
  }

  function read(el) {
    const kind = el.dataset.kind;
    if (el.tagName === "FIELDSET") {
      const checked = Array.from(el.querySelectorAll("input:checked")).map((i) => i.value);
      if (kind === "many") return checked.length ? checked : undefined;
      if (!checked.length) return undefined;
      return kind === "yes_no" ? checked[0] === "true" : checked[0];
    }
    const raw = el.value;
    if (kind === "lines") {
      const lines = raw.split("\n").map((l) => l.trim()).filter((l) => l);
      return lines.length ? lines : undefined;
    }
    if (raw === "") return undefined;
    if (kind === "integer") { const n = Number.parseInt(raw, 10); return Number.isNaN(n) ? undefined : n; }
    if (kind === "number") { const n = Number.parseFloat(raw); return Number.isNaN(n) ? undefined : n; }
    return raw;
  }

  function write(el, value) {
    if (el.tagName === "FIELDSET") {
      const values = Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
      el.querySelectorAll("input").forEach((i) => { i.checked = values.includes(i.value); });
      return;
    }
    if (el.dataset.kind === "lines") el.value = Array.isArray(value) ? value.join("\n") : "";
    else el.value = value === undefined || value === null || typeof value === "object" ? "" : String(value);
  }

  function fill() {
    controls().forEach((el) => write(el, get(el.dataset.path)));
  }

  function changed(event) {
    const el = event.target.closest("[data-path]");
    if (!el || el.dataset.kind === "document") return;
    set(el.dataset.path, read(el));
    save();
    soon();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-clear]");
    if (!button) return;
    const fieldset = button.closest("fieldset");
    fieldset.querySelectorAll("input").forEach((i) => { i.checked = false; });
    set(fieldset.dataset.path, undefined);
    save();
    soon();
  });

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  }

  async function check() {
    stamp();
    let result;
    try {
      const response = await fetch("/api/check", {
        method: "POST",
        headers: { "content-type": "application/json", "x-assure-token": token },
        body: JSON.stringify(state),
      });
      if (!response.ok) throw new Error("the server answered " + response.status);
      result = await response.json();
    } catch (e) {
      status("Your answers are saved in this browser, but could not be checked (" + e.message + "). Is assure serve still running?");
      return;
    }
    showSkips(result.skips || [], result.problems || []);
    showFindings(result.findings || []);
    outstanding(result);
  }

  function covered(code) {
    return skipped.some((c) => c === "" || code === c || code.startsWith(c + "."));
  }

  function showSkips(skips, problems) {
    skipped = skips.flatMap((s) => s.codes);
    form.querySelectorAll(".question[data-code]").forEach((q) => { q.hidden = covered(q.dataset.code); });
    const box = document.getElementById("skips");
    if (!box) return;
    box.replaceChildren();
    for (const s of skips) {
      const p = document.createElement("p");
      p.textContent = "Not asked because of your answers: " + (s.codes.join(", ") || "the rest of this form") + " (" + s.title + ").";
      box.append(p);
    }
    for (const pr of problems) {
      const p = document.createElement("p");
      p.className = "problem";
      p.textContent = "Not yet in the submission's format" + (pr.path ? " at " + pr.path : "") + ": " + pr.message;
      box.append(p);
    }
  }

  function item(f, withCodes) {
    const li = document.createElement("li");
    li.className = f.outcome;
    const outcome = document.createElement("span");
    outcome.className = "outcome";
    outcome.textContent = (WORDS[f.outcome] || f.outcome) + ": ";
    li.append(outcome, (withCodes && f.codes.length ? f.codes.join(", ") + " · " : "") + f.title + ". ");
    // A message quotes paths and values in backticks: those become code, the rest text.
    f.message.split("`").forEach((piece, i) => {
      if (i % 2) li.append(Object.assign(document.createElement("code"), { textContent: piece }));
      else li.append(piece);
    });
    if (f.outcome !== "pass" && f.remedy) {
      const fix = document.createElement("div");
      fix.textContent = "To do: " + f.remedy;
      li.append(fix);
    }
    return li;
  }

  function showFindings(findings) {
    form.querySelectorAll("[data-findings-for]").forEach((box) => {
      const code = box.dataset.findingsFor;
      const mine = findings.filter((f) => f.codes.includes(code) && f.outcome !== "fired");
      box.replaceChildren();
      if (!mine.length) return;
      const ul = document.createElement("ul");
      ul.setAttribute("aria-label", "Findings on " + code);
      mine.forEach((f) => ul.append(item(f, false)));
      box.append(ul);
    });
  }

  function outstanding(result) {
    const list = document.getElementById("unanswered");
    const data = document.getElementById("questions");
    if (!list || !data) return;
    const questions = JSON.parse(data.textContent);
    const byCode = new Map();
    for (const q of questions) {
      if (!byCode.has(q.code)) byCode.set(q.code, []);
      byCode.get(q.code).push(q);
    }
    list.replaceChildren();
    for (const [code, fields] of byCode) {
      if (covered(code)) continue;
      const answered = fields.some((f) => get(f.kind === "document" ? f.path + ".status" : f.path) !== undefined);
      if (answered) continue;
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "/fill/" + encodeURIComponent(version) + "/" + fields[0].section + "#q-" + code.replace(/\./g, "-");
      a.textContent = code;
      li.append(a, " (" + fields.map((f) => f.path).join(", ") + ")");
      list.append(li);
    }
    if (!list.children.length) list.append(Object.assign(document.createElement("li"), { textContent: "Every question the form asks has an answer." }));
    const notMet = document.getElementById("not-met");
    notMet.replaceChildren();
    (result.findings || []).filter((f) => ["fail", "outstanding", "error"].includes(f.outcome)).forEach((f) => notMet.append(item(f, true)));
    if (!notMet.children.length) notMet.append(Object.assign(document.createElement("li"), { textContent: "Nothing is not met or outstanding." }));
    const decisions = document.getElementById("decisions");
    decisions.replaceChildren();
    (result.decisions || []).forEach((d) => decisions.append(Object.assign(document.createElement("li"), { textContent: d.title + ": " + d.words })));
  }

  const saveButton = document.getElementById("save");
  if (saveButton) saveButton.addEventListener("click", () => {
    stamp();
    const blob = new Blob([JSON.stringify(state, null, 2) + "\n"], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "submission.json";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });

  const loadInput = document.getElementById("load");
  if (loadInput) loadInput.addEventListener("change", async () => {
    const file = loadInput.files && loadInput.files[0];
    if (!file) return;
    try {
      const value = JSON.parse(await file.text());
      if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("it is not a JSON object");
      state = value;
      save();
      fill();
      status("Loaded " + file.name + "; your answers are saved in this browser.");
      check();
    } catch (e) {
      status("Could not load " + file.name + ": " + e.message);
    }
  });

  const forget = document.getElementById("forget");
  if (forget) forget.addEventListener("click", () => {
    if (!window.confirm("Forget every answer to the DTAC " + version + " form kept in this browser?")) return;
    state = {};
    localStorage.removeItem(key);
    fill();
    status("The answers were forgotten.");
    check();
  });

  fill();
  check();
})();
