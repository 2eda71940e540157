// Conditions in one line of words, for the rules list.
import type { Conditions, Operator } from "../api/generated";

export const OPERATOR_LABEL: Record<Operator, string> = {
  equals: "equals",
  not_equals: "does not equal",
  contains: "contains",
  not_contains: "does not contain",
  starts_with: "starts with",
  ends_with: "ends with",
  in_list: "is one of",
  exists: "exists",
  not_exists: "does not exist",
  greater_than: "is greater than",
  less_than: "is less than",
  is_true: "is true",
  is_false: "is false",
};

export const VALUELESS: Operator[] = ["exists", "not_exists", "is_true", "is_false"];

export function conditionSummary(conditions: Conditions): string {
  if (conditions.mode === "advanced") {
    return conditions.expression.trim() ? `Advanced: ${conditions.expression.trim()}` : "Every event";
  }
  if (conditions.rows.length === 0) return "Every event";
  const parts = conditions.rows.map((r) =>
    VALUELESS.includes(r.operator) ? `${r.path} ${OPERATOR_LABEL[r.operator]}` : `${r.path} ${OPERATOR_LABEL[r.operator]} “${r.value}”`,
  );
  return parts.join(conditions.mode === "all" ? " and " : " or ");
}
