// Sorts the submissions table when a column heading is pressed. Progressive enhancement: without
// scripts the headings stay plain text and the table keeps the input order.
(function () {
  var table = document.getElementById("submissions-table");
  if (!table || !table.tHead) { return; }
  var heads = table.tHead.rows[0].cells;
  function key(row, i) {
    var cell = row.cells[i];
    var k = cell.getAttribute("data-sort");
    return k !== null ? k : cell.textContent.trim().toLowerCase();
  }
  function sort(i) {
    var ascending = heads[i].getAttribute("aria-sort") !== "ascending";
    for (var h = 0; h < heads.length; h++) { heads[h].removeAttribute("aria-sort"); }
    heads[i].setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, i), y = key(b, i), nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () { sort(i); });
  });
})();
