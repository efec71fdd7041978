// PostgreSQL's in-memory sort algorithm (src/include/lib/sort_template.h, the one tuplesort
// uses): insertion sort below 7 elements, a presorted check, median-of-three (ninther above 40)
// pivot, Bentley-McIlroy three-way partitioning, recursion on the smaller side. It is not a
// stable sort, and which of two equal rows comes first is part of PostgreSQL's observable
// behaviour (row_number() over ties, first_value() of a peer group): given the same input order
// and comparator, this returns exactly the permutation PostgreSQL's Sort node does.
// Sorts `a` in place.

export function pgQsort<T>(a: T[], compare: (x: T, y: T) => number): void {
  sortRange(a, 0, a.length, compare);
}

function swap<T>(a: T[], i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Swaps the n elements starting at i with the n starting at j. */
function swapRun<T>(a: T[], i: number, j: number, n: number): void {
  for (let k = 0; k < n; k++) swap(a, i + k, j + k);
}

function med3<T>(a: T[], i: number, j: number, k: number, compare: (x: T, y: T) => number): number {
  return compare(a[i]!, a[j]!) < 0
    ? compare(a[j]!, a[k]!) < 0
      ? j
      : compare(a[i]!, a[k]!) < 0
        ? k
        : i
    : compare(a[j]!, a[k]!) > 0
      ? j
      : compare(a[i]!, a[k]!) < 0
        ? i
        : k;
}

function sortRange<T>(a: T[], start: number, n: number, compare: (x: T, y: T) => number): void {
  for (;;) {
    if (n < 7) {
      for (let m = start + 1; m < start + n; m++) {
        for (let l = m; l > start && compare(a[l - 1]!, a[l]!) > 0; l--) swap(a, l, l - 1);
      }
      return;
    }
    let presorted = true;
    for (let m = start + 1; m < start + n; m++) {
      if (compare(a[m - 1]!, a[m]!) > 0) {
        presorted = false;
        break;
      }
    }
    if (presorted) return;
    let pm = start + Math.floor(n / 2);
    if (n > 7) {
      let pl = start;
      let pn = start + n - 1;
      if (n > 40) {
        const d = Math.floor(n / 8);
        pl = med3(a, pl, pl + d, pl + 2 * d, compare);
        pm = med3(a, pm - d, pm, pm + d, compare);
        pn = med3(a, pn - 2 * d, pn - d, pn, compare);
      }
      pm = med3(a, pl, pm, pn, compare);
    }
    swap(a, start, pm);
    let pa = start + 1;
    let pb = pa;
    let pc = start + n - 1;
    let pd = pc;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = compare(a[pb]!, a[start]!)) <= 0) {
        if (r === 0) swap(a, pa++, pb);
        pb++;
      }
      while (pb <= pc && (r = compare(a[pc]!, a[start]!)) >= 0) {
        if (r === 0) swap(a, pc, pd--);
        pc--;
      }
      if (pb > pc) break;
      swap(a, pb++, pc--);
    }
    const pn = start + n;
    let d1 = Math.min(pa - start, pb - pa);
    swapRun(a, start, pb - d1, d1);
    d1 = Math.min(pd - pc, pn - pd - 1);
    swapRun(a, pb, pn - d1, d1);
    d1 = pb - pa;
    const d2 = pd - pc;
    if (d1 <= d2) {
      if (d1 > 1) sortRange(a, start, d1, compare);
      if (d2 <= 1) return;
      start = pn - d2;
      n = d2;
    } else {
      if (d2 > 1) sortRange(a, pn - d2, d2, compare);
      if (d1 <= 1) return;
      n = d1;
    }
  }
}
