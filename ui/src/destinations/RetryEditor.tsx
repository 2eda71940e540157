// The retry schedule: the waits before each retry, jitter, and the Retry-After cap; and the
// circuit breaker that pauses the destination when its target keeps failing.
import { useState } from "react";
import type { RetryPolicy } from "../api/generated";
import { Button } from "../design/primitives";
import { formatDelay, parseDelay } from "../lib/format";

export const DEFAULT_RETRY: RetryPolicy = {
  retry_delays_secs: [5, 30, 120, 600, 1800, 3600, 7200],
  jitter_percent: 20,
  retry_after_cap_secs: 3600,
  circuit_breaker: { failures: 10, period_secs: 120 },
};

export function RetryEditor(props: { value: RetryPolicy; onChange: (value: RetryPolicy) => void; issue?: string }) {
  const { value, onChange } = props;
  const [adding, setAdding] = useState("");
  const [addError, setAddError] = useState<string | null>(null);
  const total = value.retry_delays_secs.reduce((a, b) => a + b, 0);

  const add = () => {
    const secs = parseDelay(adding);
    if (secs === null) {
      setAddError("Write a wait like 90, 5 min or 1h30m");
      return;
    }
    onChange({ ...value, retry_delays_secs: [...value.retry_delays_secs, secs] });
    setAdding("");
    setAddError(null);
  };

  return (
    <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend style={{ fontWeight: 550, marginBottom: 4 }}>Retry schedule</legend>
      <p className="muted" style={{ margin: 0 }} data-testid="retry-summary">
        {value.retry_delays_secs.length === 0
          ? "1 attempt, no retries."
          : `${value.retry_delays_secs.length + 1} attempts: immediately, then after each wait below (about ${formatDelay(total)} in all), each moved by up to ±${value.jitter_percent} %.`}{" "}
        Only server errors, 408, 429, timeouts and network errors are retried.
      </p>
      <div className="schedule" aria-label="Waits before each retry">
        {value.retry_delays_secs.map((secs, i) => (
          <span className="step" key={i}>
            Retry {i + 1}: {formatDelay(secs)}
            <button
              type="button"
              aria-label={`Remove retry ${i + 1}`}
              onClick={() =>
                onChange({ ...value, retry_delays_secs: value.retry_delays_secs.filter((_, j) => j !== i) })
              }
            >
              ×
            </button>
          </span>
        ))}
      </div>
      <div className="row">
        <input
          className="input"
          aria-label="Wait before another retry"
          placeholder="e.g. 4 h"
          value={adding}
          onChange={(e) => setAdding(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
          style={{ width: 140 }}
        />
        <Button className="small" onClick={add}>
          Add retry
        </Button>
        <Button className="small" onClick={() => onChange(DEFAULT_RETRY)}>
          Reset to default
        </Button>
        <label className="row" style={{ gap: 6 }}>
          Jitter ±
          <input
            className="input"
            type="number"
            min={0}
            max={50}
            value={value.jitter_percent}
            onChange={(e) => onChange({ ...value, jitter_percent: Number(e.target.value) })}
            style={{ width: 70 }}
          />
          %
        </label>
      </div>
      {addError ? <span className="error">{addError}</span> : null}
      <div className="row" data-testid="circuit-breaker">
        <label className="row" style={{ gap: 6 }}>
          Pause this destination after
          <input
            className="input"
            type="number"
            min={0}
            max={1000}
            aria-label="Failures in a row before pausing"
            value={value.circuit_breaker.failures}
            onChange={(e) =>
              onChange({ ...value, circuit_breaker: { ...value.circuit_breaker, failures: Number(e.target.value) } })
            }
            style={{ width: 80 }}
          />
          failures in a row over at least
        </label>
        <input
          className="input"
          aria-label="Period the failures span before pausing"
          defaultValue={formatDelay(value.circuit_breaker.period_secs)}
          key={value.circuit_breaker.period_secs}
          onBlur={(e) => {
            const secs = parseDelay(e.target.value);
            if (secs !== null) onChange({ ...value, circuit_breaker: { ...value.circuit_breaker, period_secs: secs } });
          }}
          style={{ width: 90 }}
        />
      </div>
      <p className="muted" style={{ margin: 0 }}>
        {value.circuit_breaker.failures === 0
          ? "Never paused automatically (0 turns the circuit breaker off)."
          : "Server errors, 429s, timeouts and network errors count; any other answer starts the count again. A paused destination holds its deliveries until you resume it; Send test still works."}
      </p>
      {props.issue ? (
        <span className="error" role="alert">
          {props.issue}
        </span>
      ) : null}
    </fieldset>
  );
}
