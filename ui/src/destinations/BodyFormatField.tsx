// How the payload goes into the request body: JSON (the default) or a form, for APIs such as
// Twilio's or Stripe's that take `application/x-www-form-urlencoded`.
import type { BodyFormat } from "../api/generated";
import { Field } from "../design/primitives";

export function BodyFormatField(props: { value: BodyFormat; onChange: (value: BodyFormat) => void }) {
  return (
    <Field
      id="destination-body-format"
      label="Body format"
      hint={
        props.value === "form"
          ? "Form-encoded: the payload must give an object. A list repeats its field (to=a&to=b; name it tags[] if the API wants brackets), nested fields are sent as a[b]=1, lists of objects as a[0][b]=1; null fields are left out."
          : "JSON: the payload's result, keys in the order typed."
      }
    >
      <select
        id="destination-body-format"
        className="select"
        value={props.value}
        aria-describedby="destination-body-format-hint"
        onChange={(e) => props.onChange(e.target.value as BodyFormat)}
      >
        <option value="json">JSON (application/json)</option>
        <option value="form">Form (application/x-www-form-urlencoded)</option>
      </select>
    </Field>
  );
}
