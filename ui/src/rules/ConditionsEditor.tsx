// Matching conditions: rows of field / operator / value joined by all or any, or an advanced
// JMESPath expression in the payload editor.
import type { ConditionRow, Conditions, Operator, RenderError } from "../api/generated";
import { Button } from "../design/primitives";
import { PayloadEditor } from "../payload/PayloadEditor";
import { OPERATOR_LABEL, VALUELESS } from "./summary";

const OPERATORS = Object.keys(OPERATOR_LABEL) as Operator[];

export function ConditionsEditor(props: {
  value: Conditions;
  onChange: (value: Conditions) => void;
  paths: string[];
  issueFor: (field: string) => string | undefined;
}) {
  const { value, onChange } = props;
  const setRow = (i: number, row: ConditionRow) => onChange({ ...value, rows: value.rows.map((r, j) => (j === i ? row : r)) });
  const modes: [Conditions["mode"], string][] = [
    ["all", "All conditions"],
    ["any", "Any condition"],
    ["advanced", "Advanced (JMESPath)"],
  ];
  const noErrors: RenderError[] = [];
  return (
    <div className="stack">
      <div className="segmented" role="radiogroup" aria-label="How conditions combine">
        {modes.map(([mode, label]) => (
          <label key={mode}>
            <input
              type="radio"
              name="condition-mode"
              checked={value.mode === mode}
              onChange={() => onChange({ ...value, mode })}
            />
            {label}
          </label>
        ))}
      </div>
      {value.mode === "advanced" ? (
        <div className="stack" style={{ gap: 4 }}>
          <PayloadEditor
            id="condition-expression"
            label="Advanced condition"
            value={value.expression}
            onChange={(expression) => onChange({ ...value, expression })}
            paths={props.paths}
            errors={noErrors}
            minLines={3}
          />
          <span className="hint">
            Matches when the result is true (or any non-empty value), e.g.{" "}
            <code>contains(contact.tags, 'vip') &amp;&amp; contact.subscriptions.marketing == 'subscribed'</code>
          </span>
          {props.issueFor("conditions.expression") ? <span className="error">{props.issueFor("conditions.expression")}</span> : null}
        </div>
      ) : (
        <div className="stack" style={{ gap: 8 }}>
          {value.rows.length === 0 ? <p className="muted">No conditions: every event of the trigger matches.</p> : null}
          {value.rows.map((row, i) => (
            <div key={i} className="stack" style={{ gap: 2 }}>
              <div className="condition-row" data-testid={`condition-${i}`}>
                <input
                  className="input mono"
                  aria-label={`Condition ${i + 1} field`}
                  list="rule-context-paths"
                  placeholder="contact.tags"
                  value={row.path}
                  onChange={(e) => setRow(i, { ...row, path: e.target.value })}
                />
                <select
                  className="select"
                  aria-label={`Condition ${i + 1} operator`}
                  value={row.operator}
                  onChange={(e) => setRow(i, { ...row, operator: e.target.value as Operator })}
                >
                  {OPERATORS.map((op) => (
                    <option key={op} value={op}>
                      {OPERATOR_LABEL[op]}
                    </option>
                  ))}
                </select>
                {VALUELESS.includes(row.operator) ? (
                  <span />
                ) : (
                  <input
                    className="input"
                    aria-label={`Condition ${i + 1} value`}
                    placeholder={row.operator === "in_list" ? "a, b, c" : "value"}
                    value={row.value}
                    onChange={(e) => setRow(i, { ...row, value: e.target.value })}
                  />
                )}
                <Button className="small" aria-label={`Remove condition ${i + 1}`} onClick={() => onChange({ ...value, rows: value.rows.filter((_, j) => j !== i) })}>
                  Remove
                </Button>
              </div>
              {props.issueFor(`conditions.${i}`) ? <span className="error">{props.issueFor(`conditions.${i}`)}</span> : null}
            </div>
          ))}
          <div>
            <Button
              className="small"
              onClick={() => onChange({ ...value, rows: [...value.rows, { path: "", operator: "equals", value: "" }] })}
            >
              Add condition
            </Button>
          </div>
          <span className="hint">Text comparisons other than “equals” ignore case; a list such as contact.tags “contains” a value when one item equals it.</span>
        </div>
      )}
      <datalist id="rule-context-paths">
        {props.paths.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
    </div>
  );
}
