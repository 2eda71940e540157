// A delivery's or attempt's status: the category chip (icon, colour and words), or "Pending"
// while no attempt has finished.
import type { StatusCategory } from "../api/generated";
import { StatusChip } from "../design/primitives";
import { CATEGORY_LABEL, CATEGORY_TONE } from "./categories";

export function CategoryChip({ category, code }: { category: StatusCategory | null; code?: number | null }) {
  if (!category) return <StatusChip tone="neutral">Pending</StatusChip>;
  return (
    <StatusChip tone={CATEGORY_TONE[category]}>
      {CATEGORY_LABEL[category]}
      {code !== null && code !== undefined ? ` · ${code}` : ""}
    </StatusChip>
  );
}
