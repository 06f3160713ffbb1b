// Loads assure HTML reports in Debian's Chromium (through playwright-core) and checks what a
// reader relies on: no console errors, the area chart (and for a batch the heatmap and sortable
// table) present, no table's last column hidden behind a scrollbar at 1280 or 1920 px, a
// submission's injected <script> never running, and no axe-core violations of WCAG 2.1 A/AA.
// Saves a screen and a print screenshot of each page.
//
// usage: node check.mjs [--screenshots DIR] report.html [more.html ...]
// Exits 0 when every page passes, 1 otherwise (each problem printed), 2 on a usage or setup error.

import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { readFileSync, mkdirSync, existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

function parseArgs(argv) {
  const files = [];
  let shots = "screenshots";
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--screenshots") { shots = argv[++i]; } else { files.push(argv[i]); }
  }
  return { files, shots };
}

/** Console errors and uncaught exceptions, collected while the page loads and is used. */
function watch(page) {
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) errors.push(`network request: ${r.url()}`); });
  return errors;
}

async function structure(page) {
  return page.evaluate(() => ({
    h1: document.querySelectorAll("h1").length,
    lang: document.documentElement.lang,
    submissions: document.querySelectorAll("section.submission").length,
    charts: document.querySelectorAll("svg[data-chart='decisions']").length,
    chartsNamed: Array.from(document.querySelectorAll("svg[data-chart='decisions']")).every((s) => s.querySelector("title") && s.querySelector("desc")),
    heatmap: !!document.querySelector("#heatmap"),
    table: !!document.querySelector("#submissions-table"),
    sortButtons: document.querySelectorAll("#submissions-table thead button").length,
    landmarks: ["header", "main", "nav", "footer"].filter((t) => !document.querySelector(t)),
    skipLink: !!document.querySelector("a.skip-link[href='#main']"),
    pwned: typeof window.__pwned !== "undefined",
    injectedText: document.body.textContent.includes("<script>window.__pwned=1</script>"),
    brokenAnchors: Array.from(document.querySelectorAll("a[href^='#']")).map((a) => a.getAttribute("href").slice(1)).filter((id) => !document.getElementById(id)),
  }));
}

/** Sorting by the "All failed" column descending puts the row with the most failures first. */
async function checkSort(page) {
  return page.evaluate(() => {
    const t = document.getElementById("submissions-table");
    const col = Array.from(t.tHead.rows[0].cells).findIndex((c) => c.textContent.trim() === "All failed");
    const button = t.tHead.rows[0].cells[col].querySelector("button");
    button.click();
    button.click();
    const values = Array.from(t.tBodies[0].rows).map((r) => Number(r.cells[col].textContent));
    const sorted = [...values].sort((a, b) => b - a);
    return { ok: JSON.stringify(values) === JSON.stringify(sorted), values, sort: t.tHead.rows[0].cells[col].getAttribute("aria-sort") };
  });
}

/** Every table region whose content is wider than its box (its last column behind a scrollbar),
 * at the two screen widths assessors use. */
async function hiddenColumns(page) {
  const hidden = [];
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    const wide = await page.evaluate(() => Array.from(document.querySelectorAll(".scroll"))
      .filter((d) => d.scrollWidth > d.clientWidth + 1)
      .map((d) => `${d.getAttribute("aria-labelledby") || d.querySelector("table")?.id || "a table"} (${d.scrollWidth}px in ${d.clientWidth}px)`));
    hidden.push(...wide.map((w) => `at ${width}px, the last column of ${w} is hidden behind a scrollbar`));
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return hidden;
}

async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"] }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " + n.failureSummary) }));
  });
}

async function checkFile(browser, file, shots) {
  const problems = [];
  const url = pathToFileURL(resolve(file)).href;
  const name = basename(file, ".html");
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Generous: a long report's full-page screenshot and PDF are slow on a busy 2-core CI machine.
  page.setDefaultTimeout(180000);
  const errors = watch(page);
  await page.goto(url, { waitUntil: "load" });
  const s = await structure(page);
  if (s.h1 !== 1) problems.push(`expected one h1, found ${s.h1}`);
  if (s.lang !== "en") problems.push(`html lang is "${s.lang}", expected "en"`);
  if (s.landmarks.length) problems.push(`missing landmarks: ${s.landmarks.join(", ")}`);
  if (!s.skipLink) problems.push("no skip link to #main");
  if (s.submissions > 0 && s.charts !== s.submissions) problems.push(`${s.submissions} submissions but ${s.charts} decision charts`);
  if (!s.chartsNamed) problems.push("an area chart lacks <title> or <desc>");
  if (s.pwned) problems.push("a script from a submission ran (window.__pwned is set)");
  if (s.brokenAnchors.length) problems.push(`links to missing anchors: ${s.brokenAnchors.join(", ")}`);
  if (s.submissions > 1) {
    if (!s.heatmap) problems.push("batch report without the #heatmap");
    if (!s.table) problems.push("batch report without the #submissions-table");
    if (s.sortButtons === 0) problems.push("the sort script did not add its buttons");
  }
  problems.push(...await hiddenColumns(page));
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  if (s.submissions > 1 && s.table) {
    const sort = await checkSort(page);
    if (!sort.ok || sort.sort !== "descending") problems.push(`sorting by "All failed" gave ${JSON.stringify(sort)}`);
    await page.locator("#dashboard").screenshot({ path: `${shots}/${name}-dashboard-sorted.png` });
  }
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: `${shots}/${name}-print.png`, fullPage: false });
  await page.pdf({ path: `${shots}/${name}.pdf`, format: "A4", printBackground: true });
  await page.emulateMedia({ media: "screen" });
  const violations = await axe(page);
  for (const v of violations) problems.push(`axe ${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.join("\n      ")}`);
  problems.push(...errors);
  await context.close();
  return { file, problems, summary: s, violations: violations.length };
}

/** The same page with its Content-Security-Policy bypassed: escaping alone must stop the script. */
async function checkWithoutCsp(browser, file) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  // Generous: a long report's full-page screenshot and PDF are slow on a busy 2-core CI machine.
  page.setDefaultTimeout(180000);
  await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
  const pwned = await page.evaluate(() => typeof window.__pwned !== "undefined");
  await context.close();
  return pwned ? ["with the CSP bypassed, a script from a submission ran: escaping failed"] : [];
}

async function main() {
  const { files, shots } = parseArgs(process.argv.slice(2));
  if (files.length === 0) {
    console.error("usage: node check.mjs [--screenshots DIR] report.html [more.html ...]");
    return 2;
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`chromium not found at ${CHROMIUM}; install it with: apt-get update && apt-get install -y chromium`);
    return 2;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  let failed = 0;
  try {
    for (const file of files) {
      const r = await checkFile(browser, file, shots);
      r.problems.push(...(await checkWithoutCsp(browser, file)));
      const s = r.summary;
      console.log(`${r.problems.length ? "FAIL" : "ok  "} ${file}: ${s.submissions} submission(s), ${s.charts} chart(s), heatmap ${s.heatmap}, axe violations ${r.violations}, injected text shown ${s.injectedText}`);
      for (const p of r.problems) console.log(`    - ${p}`);
      if (r.problems.length) failed++;
    }
  } finally {
    await browser.close();
  }
  console.log(`screenshots in ${resolve(shots)}`);
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => { console.error(e); process.exit(2); });
