// What a picked template still needs from the user: its credential (with where the vendor
// shows it, and a button that opens the API Auth form on the right kind), the account-specific
// parts to change, and the vendor's reference.
import type { DestinationTemplate } from "../api/generated";
import { kindLabel } from "../auth/kinds";
import { Banner, Button } from "../design/primitives";

export function TemplateNotes(props: {
  template: DestinationTemplate;
  authChosen: boolean;
  /** Opens the form's API Auth dialog with the template's kind, settings and name. */
  onCreateAuth: () => void;
}) {
  const { template } = props;
  const auth = template.auth;
  return (
    <Banner tone="info" title={`${template.name}: ${template.summary}`}>
      <div className="stack" style={{ gap: 6 }} data-testid="template-notes">
        {auth ? (
          <div>
            <strong>Credential ({kindLabel(auth.settings.kind)}):</strong> <span data-testid="auth-hint">{auth.hint}</span>{" "}
            {props.authChosen ? null : (
              <Button className="small" onClick={props.onCreateAuth} data-testid="template-create-auth">
                Create this API Auth…
              </Button>
            )}
          </div>
        ) : null}
        {template.setup.length > 0 ? (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {template.setup.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ul>
        ) : null}
        <a href={template.reference_url} target="_blank" rel="noreferrer">
          {template.name} API reference
        </a>
      </div>
    </Banner>
  );
}
