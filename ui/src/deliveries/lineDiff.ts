// A line diff (longest common subsequence) for Replay's "what changed" view. Requests are small
// (a URL, a few headers, a JSON body pretty-printed), so the quadratic table is fine; past a
// size limit the two sides are shown whole instead.

export type DiffLine = { kind: "same" | "removed" | "added"; text: string };

const MAX_CELLS = 4_000_000;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map((text) => ({ kind: "removed" as const, text })), ...b.map((text) => ({ kind: "added" as const, text }))];
  }
  // lcs[i * w + j]: length of the common subsequence of a[i..] and b[j..].
  const w = b.length + 1;
  const lcs = new Int32Array((a.length + 1) * w);
  const at = (i: number, j: number) => lcs[i * w + j] ?? 0;
  const line = (list: string[], i: number) => list[i] ?? "";
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = line(a, i) === line(b, j) ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (line(a, i) === line(b, j)) {
      out.push({ kind: "same", text: line(a, i) });
      i++;
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      out.push({ kind: "removed", text: line(a, i++) });
    } else {
      out.push({ kind: "added", text: line(b, j++) });
    }
  }
  while (i < a.length) out.push({ kind: "removed", text: line(a, i++) });
  while (j < b.length) out.push({ kind: "added", text: line(b, j++) });
  return out;
}
