// "Replayed as": the replays made of a delivery, newest first, each with its status and time,
// so the original leads to what was sent again as "Replay of" leads back.
import { ShortId } from "../design/ShortId";
import type { ReplayLink } from "../api/generated";
import { CategoryChip } from "./CategoryChip";
import { formatTime } from "../lib/format";

export function ReplayLinks({ replays }: { replays: ReplayLink[] }) {
  return (
    <ul className="replay-links" data-testid="replayed-as">
      {replays.map((r) => (
        <li key={r.id}>
          <ShortId id={r.id} label="Delivery ID" to={`/deliveries/${r.id}`} />{" "}
          <CategoryChip category={r.last_category} /> <span className="muted replay-time">{formatTime(r.created_at)}</span>
        </li>
      ))}
    </ul>
  );
}
