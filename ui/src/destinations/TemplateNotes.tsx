// What a picked template still needs from the user: its credential (with where the vendor
// shows it, and a button creating the API Auth config of the right kind), the account-specific
// parts to change, and the vendor's reference.
import { useState } from "react";
import type { AuthConfigView, DestinationTemplate } from "../api/generated";
import { AuthForm } from "../auth/AuthForm";
import { kindLabel } from "../auth/kinds";
import { Dialog } from "../design/Dialog";
import { Banner, Button } from "../design/primitives";

export function TemplateNotes(props: {
  template: DestinationTemplate;
  authChosen: boolean;
  onAuthCreated: (auth: AuthConfigView) => void;
}) {
  const { template } = props;
  const [creating, setCreating] = useState(false);
  const auth = template.auth;
  return (
    <Banner tone="info" title={`${template.name}: ${template.summary}`}>
      <div className="stack" style={{ gap: 6 }} data-testid="template-notes">
        {auth ? (
          <div>
            <strong>Credential ({kindLabel(auth.settings.kind)}):</strong> <span data-testid="auth-hint">{auth.hint}</span>{" "}
            {props.authChosen ? null : (
              <Button className="small" onClick={() => setCreating(true)} data-testid="template-create-auth">
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
      <Dialog open={creating} title={`New API Auth for ${template.name}`} onClose={() => setCreating(false)}>
        {creating && auth ? (
          <AuthForm
            initial={{ name: auth.name, settings: auth.settings }}
            onCancel={() => setCreating(false)}
            onSaved={(saved) => {
              setCreating(false);
              props.onAuthCreated(saved);
            }}
          />
        ) : null}
      </Dialog>
    </Banner>
  );
}
