// Drives `assure serve` in Debian's Chromium (through playwright-core) as a person would: uploads
// a fixture on "Check a file" and sees its decisions, downloads the CSV, answers three questions
// of the DTAC 2.0 questionnaire (C3.2 "Yes" hides C3.3 to C3.6), reloads and finds the answers
// kept, reads the "outstanding" list, saves the submission as JSON, and runs axe-core's WCAG 2.2 A/AA rules on every page.
// Every request the browser makes is logged; one that leaves the server's own address fails.
//
// usage: node serve.mjs --url http://127.0.0.1:PORT/ --fixture FILE.json [--screenshots DIR]
// Exits 0 when everything passes, 1 otherwise (each problem printed), 2 on a usage or setup error.

import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { readFileSync, mkdirSync, existsSync } from "node:fs";
import { basename, resolve } from "node:path";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

function parseArgs(argv) {
  const out = { shots: "screenshots" };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--url") out.url = argv[++i];
    else if (argv[i] === "--fixture") out.fixture = argv[++i];
    else if (argv[i] === "--screenshots") out.shots = argv[++i];
  }
  return out;
}

async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " + n.failureSummary).join("\n      ")}`);
  }, TAGS);
}

async function main() {
  const { url, fixture, shots } = parseArgs(process.argv.slice(2));
  if (!url || !fixture) {
    console.error("usage: node serve.mjs --url http://127.0.0.1:PORT/ --fixture FILE.json [--screenshots DIR]");
    return 2;
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`chromium not found at ${CHROMIUM}; install it with: apt-get update && apt-get install -y chromium`);
    return 2;
  }
  const origin = new URL(url).origin;
  const problems = [];
  const requests = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    context.on("request", (r) => requests.push(r.url()));
    const page = await context.newPage();
    page.setDefaultTimeout(60000);
    let expect404 = false;
    page.on("console", (m) => {
      if (m.type() === "error" && !(expect404 && m.text().includes("404"))) problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    mkdirSync(shots, { recursive: true });
    const audited = [];
    const audit = async (name) => {
      for (const v of await axe(page)) problems.push(`axe on ${name}: ${v}`);
      const h1 = await page.locator("h1").count();
      if (h1 !== 1) problems.push(`${name}: ${h1} h1 elements`);
      await page.screenshot({ path: `${shots}/serve-${name}.png`, fullPage: true });
      audited.push(name);
    };

    // The start page, by keyboard: the first Tab reaches the skip link.
    await page.goto(url);
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => document.activeElement && document.activeElement.className);
    if (first !== "skip-link") problems.push(`the first Tab reached "${first}", not the skip link`);
    await audit("start");

    // Check a file: upload the fixture, see its decisions first.
    await page.goto(new URL("/check", url).href);
    await audit("check");
    await page.setInputFiles("#files", fixture);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Check" }).click()]);
    if (!/\/report\/[0-9a-f]+$/.test(page.url())) {
      throw new Error(`uploading gave ${page.url()}: ${await page.locator("main").textContent()}`);
    }
    const decisions = await page.evaluate(() => {
      const section = document.querySelector("[id$='-decisions']");
      return section ? section.textContent : "";
    });
    if (!/DTAC/.test(decisions) || !/DCB0129/.test(decisions)) problems.push(`the report shows no DTAC and DCB0129 decisions: ${decisions.slice(0, 200)}`);
    const order = await page.evaluate(() => {
      const d = document.querySelector("[id$='-decisions']");
      const f = document.querySelector("[id$='-not-met']");
      return !d || !f || (d.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    });
    if (!order) problems.push("the findings come before the decisions");
    await audit("report");

    // Download the CSV.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV", exact: true }).click()]);
    const csv = readFileSync(await download.path(), "utf8");
    if (download.suggestedFilename() !== "assure-report.csv") problems.push(`the CSV is named ${download.suggestedFilename()}`);
    if (!csv.startsWith("submission_id,file,") || !csv.includes(basename(fixture))) problems.push(`the CSV does not list the fixture: ${csv.slice(0, 200)}`);

    // The questionnaire: choose the form, answer three questions on two pages.
    await page.goto(new URL("/fill", url).href);
    await audit("fill");
    await page.getByRole("link", { name: "DTAC version 2.0" }).click();
    await page.waitForURL(/\/fill\/2\.0\/A$/);
    await page.getByRole("link", { name: "C3 Technical security" }).first().click();
    await page.waitForURL(/\/fill\/2\.0\/C3$/);
    await page.locator("#q-C3-3").waitFor({ state: "visible" });
    // C3.1 by keyboard alone: focus the "Yes" radio and press Space.
    await page.locator("#f-technical-security-cyber-essentials-certified-0").focus();
    await page.keyboard.press("Space");
    // C3.2 "Yes", through its label: hides C3.3 to C3.6.
    await page.locator("label[for='f-technical-security-cyber-security-charter-signed-0']").click();
    await page.locator("#q-C3-3").waitFor({ state: "hidden" });
    const hidden = await page.evaluate(() => ["C3-3", "C3-4", "C3-5", "C3-6"].map((c) => document.getElementById("q-" + c)?.hidden));
    if (!hidden.every((h) => h === true)) problems.push(`C3.2 Yes should hide C3.3 to C3.6; hidden: ${JSON.stringify(hidden)}`);
    await page.locator("[data-findings-for='C3.2'] li").first().waitFor();
    const c32 = await page.locator("[data-findings-for='C3.2']").textContent();
    if (!/Met:/.test(c32)) problems.push(`no live finding beside C3.2 saying it is met: ${c32}`);
    const skipsNote = await page.locator("#skips").textContent();
    if (!/C3\.3, C3\.4, C3\.5, C3\.6/.test(skipsNote)) problems.push(`the page does not say why C3.3 to C3.6 are not asked: ${skipsNote}`);
    await audit("fill-c3");
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: `${shots}/serve-fill-c3-print.png`, fullPage: true });
    await page.emulateMedia({ media: "screen" });
    // C2: where data is stored.
    await page.getByRole("link", { name: "C2 Data protection" }).first().click();
    await page.waitForURL(/\/fill\/2\.0\/C2$/);
    await page.getByRole("radio", { name: "UK only" }).check();
    await page.waitForTimeout(400);

    // Reload: nothing is lost.
    await page.reload();
    if (!(await page.getByRole("radio", { name: "UK only" }).isChecked())) problems.push("after a reload, C2's storage answer is gone");
    await page.goto(new URL("/fill/2.0/C3", url).href);
    const kept = await page.evaluate(() => [
      document.getElementById("f-technical-security-cyber-essentials-certified-0").checked,
      document.getElementById("f-technical-security-cyber-security-charter-signed-0").checked,
    ]);
    if (!kept.every(Boolean)) problems.push(`after a reload, C3.1 and C3.2 are ${JSON.stringify(kept)}`);
    await page.locator("#q-C3-3").waitFor({ state: "hidden" });

    // What is still outstanding: not the answered questions, not the skipped ones.
    await page.goto(new URL("/fill/2.0/outstanding", url).href);
    await page.locator("#not-met li").first().waitFor();
    await page.waitForFunction(() => !document.getElementById("unanswered").textContent.includes("Loading"));
    const left = await page.locator("#unanswered").textContent();
    for (const code of ["C3.1 ", "C3.2 ", "C3.3 ", "C3.4 "]) if (left.includes(code)) problems.push(`the outstanding list still names ${code.trim()}: answered or skipped`);
    if (!left.includes("C1.1")) problems.push(`the outstanding list does not name C1.1: ${left.slice(0, 200)}`);
    await audit("outstanding");

    // Save the submission: the answers, as a submission of the chosen form version.
    const [saved] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Save the submission (JSON)" }).click()]);
    const sub = JSON.parse(readFileSync(await saved.path(), "utf8"));
    const answers = [sub.schema_version, sub.submission?.dtac_version, sub.technical_security?.cyber_essentials?.certified,
      sub.technical_security?.cyber_security_charter?.signed, sub.data_protection?.storage?.location];
    if (JSON.stringify(answers) !== JSON.stringify(["2", "2.0", true, true, "uk_only"])) problems.push(`the saved submission holds ${JSON.stringify(answers)}`);

    // An error page (its 404 is expected, so no longer counted as a console error).
    expect404 = true;
    await page.goto(new URL("/no-such-page", url).href);
    await audit("not-found");
    await context.close();
  } finally {
    await browser.close();
  }
  const outside = requests.filter((r) => !r.startsWith(origin + "/") && !r.startsWith("blob:") && !r.startsWith("data:"));
  for (const r of outside) problems.push(`a request left ${origin}: ${r}`);
  console.log(`${problems.length ? "FAIL" : "ok  "} assure serve at ${origin}: ${requests.length} requests, ${outside.length} elsewhere`);
  for (const p of problems) console.log(`    - ${p}`);
  return problems.length ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => { console.error(e); process.exit(2); });
