// assure serve, "Check a file": lets files be dropped on the box as well as chosen, and says
// which are chosen. The form works without this script.
"use strict";
(function () {
  const drop = document.getElementById("drop");
  const input = document.getElementById("files");
  const chosen = document.getElementById("chosen");
  if (!drop || !input || !chosen) return;
  function show() {
    const names = Array.from(input.files || []).map((f) => f.name);
    chosen.textContent = names.length ? "Chosen: " + names.join(", ") : "";
  }
  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (e) => {
    e.preventDefault();
    drop.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, () => drop.classList.remove("over")));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      show();
    }
  });
})();
