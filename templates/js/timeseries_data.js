// A TimeSeries' embedded data read as Label Studio's editor reads it: channel and time columns by their
// lower-cased names (or a header's index), times from the time column (parsed with timeFormat) or the
// row index, and the plots its Channel and MultiChannel placeholders ask for.
{
  LC.note = (text) => {
    const p = document.createElement("p");
    p.className = "lc-note";
    p.setAttribute("role", "note");
    p.textContent = text;
    return p;
  };

  // {times, columns, write, read, show, isDate, ...} or {error}: why there is nothing to draw.
  LC.readSeries = (figure, script) => {
    const d = figure.dataset;
    const { columns, headers } = JSON.parse(script.textContent);
    const columnName = (c) => (/^\d+$/.test(c) ? headers[+c] || c : c).toLowerCase();
    const available = Object.keys(columns).join(", ");
    const parse = d.timeFormat ? LC.timeParser(d.timeFormat) : null;
    let times;
    if (!d.timeColumn) times = Object.values(columns)[0].map((_, i) => i);
    else {
      const raw = columns[columnName(d.timeColumn)];
      if (!raw) return { error: `timeColumn ${d.timeColumn} is not a column of the data (columns: ${available}).` };
      times = raw.map((v) => (parse ? parse(String(v)) : typeof v === "string" && !v.trim() ? NaN : Number(v)));
      const bad = raw.find((v, i) => times[i] === null || Number.isNaN(times[i]));
      if (bad !== undefined) {
        return { error: parse ? `The time ${bad} does not match timeFormat ${d.timeFormat}.`
          : `The time column holds ${bad}, not a number: set timeFormat to read dates.` };
      }
    }
    if (times.length < 2) return { error: "A time series needs at least two rows to draw." };
    if (times.some((t, i) => i && t < times[i - 1])) return { error: "The time column is not in ascending order, as a TimeSeries needs." };
    // A date axis with timeFormat, or when timeDisplayFormat is a strftime pattern (as the editor decides).
    const isDate = Boolean(d.timeFormat) || /^[a-zA-Z]/.test(d.timeDisplayFormat || "");
    return {
      columns,
      columnName,
      available,
      times,
      isDate,
      // Results carry the time column's value: a number, or its text in timeFormat.
      write: d.timeFormat ? LC.timeFormatter(d.timeFormat) : Number,
      read: (v) => (typeof v === "string" ? (parse ? parse(v) : Number(v)) : v),
      show: d.timeDisplayFormat ? (isDate ? LC.timeFormatter(d.timeDisplayFormat) : LC.numberFormat(d.timeDisplayFormat))
        : isDate ? LC.timeFormatter("%Y-%m-%d %H:%M:%S") : (t) => String(+(+t).toPrecision(10)),
    };
  };

  // One plot per Channel outside a MultiChannel and per MultiChannel, in the config's order: each an SVG
  // (focusable, role="application") with a readout under it. Missing columns are named in a note.
  LC.tsPlots = (figure, box, series) => {
    const name = figure.dataset.lcObject;
    const plots = [];
    for (const el of box.querySelectorAll(".lc-ts-multi, .lc-ts-channel:not(.lc-ts-multi .lc-ts-channel)")) {
      const channels = el.classList.contains("lc-ts-multi") ? [...el.querySelectorAll(".lc-ts-channel")] : [el];
      const lines = channels.map((c, k) => ({
        el: c,
        values: series.columns[series.columnName(c.dataset.column || "")],
        color: c.dataset.strokeColor || `var(--lc-ts-line-${k % 4})`,
      }));
      const missing = lines.filter((l) => !l.values).map((l) => l.el.dataset.column);
      if (missing.length) el.append(LC.note(`Column ${missing.join(", ")} is not in the data (columns: ${series.available}).`));
      const drawn = lines.filter((l) => l.values);
      if (!drawn.length) continue;
      const legend = drawn.map((l) => l.el.dataset.legend || l.el.dataset.column).join(", ");
      const svg = LC.svg("svg", { class: "lc-ts-chart", role: "application", tabindex: 0 });
      svg.setAttribute("aria-label", `Time series ${name}, ${legend}: drag with a label pressed to mark a range, `
        + "double-click for an instant; or ←/→ to move, Shift+←/→ to select, Enter to mark, Alt+←/→ to move the selected region's end (with Shift its start), +/− to zoom");
      const readout = document.createElement("p");
      readout.className = "lc-ts-readout";
      el.append(svg, readout);
      const height = +(el.dataset.height || channels[0].dataset.height);
      const fixed = (el.dataset.fixedScale || channels[0].dataset.fixedScale || figure.dataset.fixedScale) === "true";
      plots.push({ svg, readout, lines: drawn, height: height > 0 ? height : 100, fixed });
    }
    return plots;
  };
}
