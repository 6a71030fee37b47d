// Times and values as a TimeSeries writes and shows them. Label Studio parses and prints its time
// column with d3-time-format (strftime directives) and values with d3-format; these are the parts of
// both that configs use. Times are read and printed in UTC: the editor uses local time for both,
// so a value read and written back is the same text either way, and here it cannot move with DST.
{
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  const names = (list, n) => list.map((s) => (n ? s.slice(0, n) : s));
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  // directive -> [pattern, apply(parts, text)]
  const READ = {
    Y: ["[+-]?\\d{1,6}", (p, s) => { p.year = +s; }],
    y: ["\\d{1,2}", (p, s) => { p.year = +s + (+s > 68 ? 1900 : 2000); }],
    m: ["\\d{1,2}", (p, s) => { p.month = +s - 1; }],
    d: ["\\d{1,2}", (p, s) => { p.day = +s; }],
    e: ["\\s?\\d{1,2}", (p, s) => { p.day = +s; }],
    j: ["\\d{1,3}", (p, s) => { p.month = 0; p.day = +s; }],
    H: ["\\d{1,2}", (p, s) => { p.hour = +s; }],
    I: ["\\d{1,2}", (p, s) => { p.hour = +s % 12; }],
    M: ["\\d{1,2}", (p, s) => { p.minute = +s; }],
    S: ["\\d{1,2}", (p, s) => { p.second = +s; }],
    L: ["\\d{3}", (p, s) => { p.ms = +s; }],
    f: ["\\d{6}", (p, s) => { p.ms = +s / 1000; }],
    p: ["[AaPp][Mm]", (p, s) => { p.pm = /p/i.test(s); }],
    b: [names(MONTHS, 3).join("|"), (p, s) => { p.month = names(MONTHS, 3).findIndex((m) => m.toLowerCase() === s.toLowerCase()); }],
    B: [MONTHS.join("|"), (p, s) => { p.month = MONTHS.findIndex((m) => m.toLowerCase() === s.toLowerCase()); }],
    a: [names(DAYS, 3).join("|"), () => {}],
    A: [DAYS.join("|"), () => {}],
    Z: ["Z|[+-]\\d{2}:?\\d{2}", (p, s) => { p.zone = s === "Z" ? 0 : (s[0] === "-" ? -1 : 1) * (+s.slice(1, 3) * 60 + +s.slice(-2)); }],
    s: ["-?\\d+", (p, s) => { p.epoch = +s * 1000; }],
    Q: ["-?\\d+", (p, s) => { p.epoch = +s; }],
    "%": ["%", () => {}],
  };
  READ.z = READ.Z;

  // `%Y-%m-%d` -> (text) => milliseconds, or null for text not in that format.
  LC.timeParser = (format) => {
    const steps = [];
    let source = "^";
    for (let i = 0; i < format.length; i++) {
      if (format[i] !== "%") { source += escape(format[i]); continue; }
      let d = format[++i];
      if ("-_0".includes(d)) d = format[++i]; // padding modifiers matter only when printing
      const rule = READ[d];
      if (!rule) return () => null;
      source += `(${rule[0]})`;
      steps.push(rule[1]);
    }
    const re = new RegExp(source + "$", "i");
    return (text) => {
      const m = re.exec(String(text).trim());
      if (!m) return null;
      const p = { year: 1900, month: 0, day: 1, hour: 0, minute: 0, second: 0, ms: 0, zone: 0 };
      steps.forEach((apply, k) => apply(p, m[k + 1]));
      if (p.epoch !== undefined) return p.epoch;
      const hour = p.pm === undefined ? p.hour : p.hour + (p.pm ? 12 : 0);
      return Date.UTC(p.year, p.month, p.day, hour, p.minute, p.second, p.ms) - p.zone * 60000;
    };
  };

  const pad = (n, width, fill) => {
    const s = String(Math.abs(n));
    return (n < 0 ? "-" : "") + (fill ? s.padStart(width, fill) : s);
  };
  // directive -> [value(date), width, default fill]
  const WRITE = {
    Y: [(t) => t.getUTCFullYear(), 4, "0"],
    y: [(t) => t.getUTCFullYear() % 100, 2, "0"],
    m: [(t) => t.getUTCMonth() + 1, 2, "0"],
    d: [(t) => t.getUTCDate(), 2, "0"],
    e: [(t) => t.getUTCDate(), 2, " "],
    j: [(t) => Math.floor((t - Date.UTC(t.getUTCFullYear(), 0, 1)) / 864e5) + 1, 3, "0"],
    H: [(t) => t.getUTCHours(), 2, "0"],
    I: [(t) => t.getUTCHours() % 12 || 12, 2, "0"],
    M: [(t) => t.getUTCMinutes(), 2, "0"],
    S: [(t) => t.getUTCSeconds(), 2, "0"],
    L: [(t) => t.getUTCMilliseconds(), 3, "0"],
    f: [(t) => t.getUTCMilliseconds() * 1000, 6, "0"],
    s: [(t) => Math.floor(+t / 1000), 0, ""],
    Q: [(t) => +t, 0, ""],
  };
  const WORDS = {
    p: (t) => (t.getUTCHours() >= 12 ? "PM" : "AM"),
    b: (t) => MONTHS[t.getUTCMonth()].slice(0, 3),
    B: (t) => MONTHS[t.getUTCMonth()],
    a: (t) => DAYS[t.getUTCDay()].slice(0, 3),
    A: (t) => DAYS[t.getUTCDay()],
    Z: () => "+0000",
    z: () => "+0000",
    "%": () => "%",
  };

  // `%Y-%m-%d` -> (milliseconds) => text.
  LC.timeFormatter = (format) => (ms) => {
    const t = new Date(ms);
    let out = "";
    for (let i = 0; i < format.length; i++) {
      if (format[i] !== "%") { out += format[i]; continue; }
      let d = format[++i];
      let fill = null;
      if ("-_0".includes(d)) { fill = { "-": "", _: " ", 0: "0" }[d]; d = format[++i]; }
      if (WORDS[d]) out += WORDS[d](t);
      else if (WRITE[d]) { const [get, width, own] = WRITE[d]; out += pad(get(t), width, fill ?? own); }
      else out += `%${d}`;
    }
    return out;
  };

  // d3-format: [sign][,][.precision][~][type], types f e % d g r s and none.
  const PREFIXES = ["y", "z", "a", "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y"];
  LC.numberFormat = (spec) => {
    const m = /^(?:.?[<>=^])?([+\-( ])?[$#]?0?(\d+)?(,)?(?:\.(\d+))?(~)?([a-z%])?$/i.exec(spec || "");
    if (!m) return (v) => String(v);
    const [, sign, , group, precision, trim, type] = m;
    const p = precision === undefined ? undefined : +precision;
    const body = (v) => {
      switch (type) {
        case "f": return v.toFixed(p ?? 6);
        case "%": return (v * 100).toFixed(p ?? 6);
        case "e": return v.toExponential(p ?? 6);
        case "d": return Math.round(v).toString();
        case "g": return v.toPrecision(p ?? 6);
        case "r": return String(+v.toPrecision(p ?? 6));
        case "s": {
          const k = v === 0 ? 0 : Math.max(-8, Math.min(8, Math.floor(Math.log10(Math.abs(v)) / 3)));
          return String(+(v / 10 ** (3 * k)).toPrecision(p ?? 6)) + PREFIXES[k + 8];
        }
        default: return p === undefined ? String(v) : String(+v.toPrecision(p || 1));
      }
    };
    return (value) => {
      const v = Number(value);
      if (!Number.isFinite(v)) return String(value);
      let s = body(Math.abs(v));
      if (trim) s = s.replace(/(\.\d*?)0+(?=$|e|\D)/, "$1").replace(/\.(?=$|e|\D)/, "");
      if (group) s = s.replace(/^(\d+)/, (digits) => digits.replace(/\B(?=(\d{3})+$)/g, ","));
      if (type === "%") s += "%";
      const minus = v < 0 && Number(s.replace(/[^\d.e+-]/g, "")) !== 0;
      return (minus ? (sign === "(" ? "(" : "−") : sign === "+" ? "+" : sign === " " ? " " : "") + s + (minus && sign === "(" ? ")" : "");
    };
  };
}
