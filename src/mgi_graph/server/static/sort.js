// Sorts the rows of a table[data-sortable] by the column whose header button is pressed
// (a cell's data-value, else its text); pressing it again reverses the order.
"use strict";
document.querySelectorAll("table[data-sortable]").forEach((table) => {
  const body = table.tBodies[0];
  table.querySelectorAll("button.sort").forEach((button) => {
    button.addEventListener("click", () => {
      const column = Number(button.dataset.column);
      const descending = button.getAttribute("aria-sort") !== "descending";
      table.querySelectorAll("button.sort").forEach((b) => b.removeAttribute("aria-sort"));
      button.closest("th").setAttribute("aria-sort", descending ? "descending" : "ascending");
      button.setAttribute("aria-sort", descending ? "descending" : "ascending");
      const key = (row) => {
        const cell = row.cells[column];
        const value = cell.dataset.value ?? cell.textContent.trim();
        return Number.isNaN(Number(value)) ? value : Number(value);
      };
      const rows = Array.from(body.rows).sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return descending ? -order : order;
      });
      rows.forEach((row) => body.appendChild(row));
    });
  });
});
