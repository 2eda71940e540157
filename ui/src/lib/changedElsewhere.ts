// Whether a window event says another process (`apidest`, a script) changed some kinds of data:
// list screens pass it as `reloadOn` so those changes show without a reload.
import type { DataKind, WindowEvent } from "../api/generated";

export function changedElsewhere(...kinds: DataKind[]): (event: WindowEvent) => boolean {
  return (event) => event.kind === "data_changed" && event.kinds.some((kind) => kinds.includes(kind));
}
