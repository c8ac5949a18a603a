extension HTMLReport {
  /// The page's only style sheet, inline. Printable: sections do not break across pages.
  static let style = """

    :root { color-scheme: light; }
    body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; background: #fff; margin: 0 auto; max-width: 1200px; padding: 16px 24px 48px; }
    h1 { font-size: 22px; margin: 8px 0 2px; }
    h3 { font-size: 14px; margin: 14px 0 4px; }
    h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
    header p { margin: 0; color: #555; }
    section { break-inside: avoid-page; }
    figure { margin: 0; }
    svg.chart { display: block; max-width: 100%; height: auto; font: 11px system-ui, sans-serif; fill: #333; margin: 6px 0; }
    svg.chart text { fill: #333; }
    svg.chart .legend text { font-size: 12px; }
    svg.chart .value { font-size: 10px; fill: #555; }
    .basis { color: #555; font-size: 13px; margin: 4px 0 8px; }
    .flag { background: #fff4e5; border-left: 4px solid #D55E00; padding: 6px 10px; margin: 8px 0; }
    dl.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 10px; margin: 0; }
    .card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 10px; }
    .card dt { color: #555; font-size: 12px; }
    .card dd { margin: 0; }
    .card .value { font-size: 20px; font-weight: 600; }
    .card .note { font-size: 12px; color: #666; }
    table { border-collapse: collapse; font-size: 12.5px; margin: 6px 0; }
    th, td { text-align: left; padding: 3px 5px; border-bottom: 1px solid #eee; vertical-align: top; }
    thead th { border-bottom: 2px solid #ccc; white-space: nowrap; }
    td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
    td.id { white-space: nowrap; }
    td.title { min-width: 220px; max-width: 300px; }
    #changes-table { font-size: 12px; }
    .scroll { overflow-x: auto; }
    table.sortable thead th { cursor: pointer; }
    table.sortable thead th[aria-sort="ascending"]::after { content: " \\25B2"; }
    table.sortable thead th[aria-sort="descending"]::after { content: " \\25BC"; }
    .ref { color: #777; font-size: 11px; }
    .tag { font-size: 11px; background: #fde2d0; border-radius: 3px; padding: 0 4px; }
    details summary { cursor: pointer; color: #0072B2; font-size: 13px; }
    a { color: #0060a0; }
    footer { margin-top: 32px; color: #777; font-size: 12px; }
    @media print { details { display: none; } body { max-width: none; } }

    """

  /// Sorts `table.sortable` by a clicked heading, by each cell's `data-sort` when it has one.
  /// Ours, inline, and optional: without it the tables read the same, in merge order.
  /// Written without `<`, `>` or `&`, so the page stays well-formed XML.
  static let script = """

    document.querySelectorAll("table.sortable").forEach(function (table) {
      var headings = table.tHead.rows[0].cells;
      Array.prototype.forEach.call(headings, function (th, column) {
        th.tabIndex = 0;
        function sort() {
          var descending = th.getAttribute("aria-sort") === "ascending";
          Array.prototype.forEach.call(headings, function (other) { other.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", descending ? "descending" : "ascending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          function key(row) {
            var cell = row.cells[column];
            var value = cell.getAttribute("data-sort");
            return value === null ? cell.textContent.toLowerCase() : Number(value);
          }
          rows.sort(function (a, b) {
            var x = key(a), y = key(b);
            var order = typeof x === "number" ? Math.sign(x - y) : x.localeCompare(y);
            return descending ? -order : order;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        }
        th.addEventListener("click", sort);
        th.addEventListener("keydown", function (event) { if (event.key === "Enter") { sort(); } });
      });
    });

    """
}
