// A new API destination made without leaving the rule: name, endpoint and method; the rest
// keeps its defaults and can be changed later on the destination's own form.
import { useState } from "react";
import type { AppError, DestinationView, HttpMethod } from "../api/generated";
import { call } from "../api/ipc";
import { Dialog } from "../design/Dialog";
import { Button, Field } from "../design/primitives";
import { blankDestination } from "../destinations/DestinationForm";

export function InlineDestinationDialog(props: { open: boolean; onClose: () => void; onCreated: (d: DestinationView) => void }) {
  const [name, setName] = useState("");
  const [endpoint, setEndpoint] = useState("");
  const [method, setMethod] = useState<HttpMethod>("POST");
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);

  const save = () => {
    setSaving(true);
    setError(null);
    call("destination_create", { input: { ...blankDestination(), name, endpoint, method } })
      .then((d) => {
        setName("");
        setEndpoint("");
        props.onCreated(d);
      })
      .catch((e: AppError) => setError(e))
      .finally(() => setSaving(false));
  };

  return (
    <Dialog
      open={props.open}
      title="New API destination"
      onClose={props.onClose}
      actions={
        <>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button variant="primary" onClick={save} disabled={saving}>
            Create destination
          </Button>
        </>
      }
    >
      <Field id="inline-destination-name" label="Name">
        <input id="inline-destination-name" className="input" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field id="inline-destination-endpoint" label="Endpoint URL" hint="Variables in {braces} in the path or query.">
        <input
          id="inline-destination-endpoint"
          className="input mono"
          placeholder="https://api.example.com/contacts/{email}"
          value={endpoint}
          onChange={(e) => setEndpoint(e.target.value)}
        />
      </Field>
      <Field id="inline-destination-method" label="Method">
        <select id="inline-destination-method" className="select" value={method} onChange={(e) => setMethod(e.target.value as HttpMethod)}>
          {(["POST", "PUT", "PATCH", "DELETE"] as HttpMethod[]).map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </Field>
      {error ? (
        <p className="error-text" role="alert">
          {error.message}
        </p>
      ) : null}
    </Dialog>
  );
}
