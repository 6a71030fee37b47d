// Label Studio's brush RLE (the `@thi.ng/rle-pack` bit stream its editor writes), the inverse of
// labelconfig.export.rle.decode: 32 bits word count, 5 bits word size - 1, four 4-bit run-length field
// widths - 1, then blocks of 1 bit kind (1 repeat, 0 literals), 2 bits width class, the count - 1, and
// one word (repeat) or `count` words, most significant bit first.
{
  const SIZES = [3, 4, 8, 16]; // run-length field widths, the encoder's defaults that Label Studio uses
  const MAX_RUN = 1 << SIZES[3];

  const writer = () => {
    const out = [];
    let cur = 0, n = 0;
    return {
      write(value, bits) {
        for (let i = bits - 1; i >= 0; i--) {
          cur = (cur << 1) | (Math.floor(value / 2 ** i) & 1); // 32-bit counts stay exact as numbers
          if (++n === 8) { out.push(cur); cur = 0; n = 0; }
        }
      },
      done() { if (n) out.push(cur << (8 - n)); return out; },
    };
  };

  // The RLE of an alpha mask: each run of equal pixels is one run of 4x as many equal RGBA words, so the
  // stream needs repeat blocks only (split at the longest run a block can count).
  const encode = (alpha) => {
    const w = writer();
    w.write(alpha.length * 4, 32);
    w.write(8 - 1, 5);
    for (const s of SIZES) w.write(s - 1, 4);
    for (let i = 0; i < alpha.length;) {
      const a = alpha[i];
      let j = i + 1;
      while (j < alpha.length && alpha[j] === a) j++;
      for (let words = (j - i) * 4; words > 0;) {
        const n = Math.min(words, MAX_RUN);
        const cls = SIZES.findIndex((s) => n <= 2 ** s);
        w.write(1, 1); w.write(cls, 2); w.write(n - 1, SIZES[cls]); w.write(a, 8);
        words -= n;
      }
      i = j;
    }
    return w.done();
  };

  // The smallest box holding two boxes [x0, y0, x1, y1] (either may be null).
  const union = (a, b) => (!a ? b : !b ? a : [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);

  // The alpha mask of an RLE stream on a W x H image and the box of its non-zero pixels (found from the
  // runs, not by scanning the pixels), or null when the stream is not one of that size.
  const decode = (bytes, W, H) => {
    let pos = 0;
    const read = (bits) => {
      let v = 0;
      for (let i = 0; i < bits; i++, pos++) {
        if (pos >> 3 >= bytes.length) throw new RangeError("the stream ends early");
        v = v * 2 + ((bytes[pos >> 3] >> (7 - (pos & 7))) & 1);
      }
      return v;
    };
    let box = null;
    const painted = (first, last) => { // pixels first..last (row-major) are non-zero
      const [ya, yb] = [Math.floor(first / W), Math.floor(last / W)];
      const [xa, xb] = ya === yb ? [first % W, last % W] : [0, W - 1];
      box = union(box, [xa, ya, xb, yb]);
    };
    try {
      const num = read(32);
      if (read(5) + 1 !== 8 || num !== W * H * 4) return null;
      const sizes = [0, 0, 0, 0].map(() => read(4) + 1);
      const alpha = new Uint8Array(W * H);
      for (let i = 0; i < num;) {
        const repeat = read(1);
        const n = Math.min(read(sizes[read(2)]) + 1, num - i);
        if (repeat) {
          const v = read(8); // words i..i+n-1; the alpha words are those at 3 mod 4
          const [first, last] = [Math.ceil((i - 3) / 4), Math.floor((i + n - 4) / 4)];
          alpha.fill(v, first, last + 1);
          if (v && first <= last) painted(first, last);
        } else {
          for (let k = i; k < i + n; k++) {
            const v = read(8);
            if (k % 4 === 3) { alpha[k >> 2] = v; if (v) painted(k >> 2, k >> 2); }
          }
        }
        i += n;
      }
      return { alpha, box };
    } catch (err) {
      return null;
    }
  };
  LC.brushRLE = { encode, decode, union };
}
