// "Paste a cURL command": a vendor's documented example read by the core's parser, shown as what
// will be created (the destination, its API Auth config, the payload) and what could not be
// mapped, then filled into the form. The secret stays on the Rust side: the dialog sees only
// its mask, and the auth config is created from the same text by the core.
import { useEffect, useRef, useState } from "react";
import type { AppError, AuthConfigView, CurlProposal, DestinationInput } from "../api/generated";
import { call } from "../api/ipc";
import { kindLabel } from "../auth/kinds";
import { Dialog } from "../design/Dialog";
import { Banner, Button, DetailsTable, Field } from "../design/primitives";

const PARSE_DEBOUNCE_MS = 200;

function authWhere(proposal: CurlProposal): string {
  const settings = proposal.auth?.settings;
  if (!settings) return "";
  switch (settings.kind) {
    case "api_key":
      return settings.placement === "query" ? ` in the query parameter ${settings.name}` : ` in the ${settings.name} header`;
    case "basic":
      return ` for user ${settings.username}`;
    default:
      return "";
  }
}

/** The button that opens the dialog, and the dialog. `onApply` gets the form values to use. */
export function CurlPaste({ onApply }: { onApply: (input: DestinationInput, auth: AuthConfigView | null) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="paste-curl">
        Paste a cURL command…
      </Button>
      <Dialog open={open} title="Paste a cURL command" onClose={() => setOpen(false)} wide>
        {open ? (
          <CurlPasteBody
            onCancel={() => setOpen(false)}
            onApply={(input, auth) => {
              setOpen(false);
              onApply(input, auth);
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function CurlPasteBody(props: {
  onCancel: () => void;
  onApply: (input: DestinationInput, auth: AuthConfigView | null) => void;
}) {
  const [text, setText] = useState("");
  const [bind, setBind] = useState<string[]>([]);
  const [parsed, setProposal] = useState<CurlProposal | null>(null);
  const [parseError, setError] = useState<AppError | null>(null);
  const [applying, setApplying] = useState(false);
  const seq = useRef(0);

  // The core reads the command as it is typed; only the newest answer is shown.
  useEffect(() => {
    const mine = ++seq.current;
    if (text.trim() === "") return;
    const timer = window.setTimeout(() => {
      call("curl_import_parse", { text, bind })
        .then((p) => {
          if (mine !== seq.current) return;
          setProposal(p);
          setError(null);
        })
        .catch((e: AppError) => {
          if (mine !== seq.current) return;
          setProposal(null);
          setError(e);
        });
    }, PARSE_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, bind]);

  // An emptied text shows nothing, whatever the last answer was.
  const proposal = text.trim() === "" ? null : parsed;
  const error = text.trim() === "" ? null : parseError;

  const apply = async () => {
    if (!proposal) return;
    setApplying(true);
    setError(null);
    try {
      const auth = proposal.auth ? await call("curl_import_create_auth", { text }) : null;
      props.onApply({ ...proposal.destination, auth_id: auth?.id ?? null }, auth);
    } catch (e) {
      setError(e as AppError);
    } finally {
      setApplying(false);
    }
  };

  const d = proposal?.destination;
  return (
    <div className="stack" data-testid="curl-paste">
      <Field
        id="curl-text"
        label="cURL command"
        hint="Paste the example from the vendor's documentation, as it is. Line continuations, quotes and a leading $ are fine."
      >
        <textarea
          id="curl-text"
          className="input mono"
          rows={7}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={"curl -X POST https://api.example.com/v1/contacts \\\n  -H 'Authorization: Bearer …' \\\n  --json '{\"email\": \"…\"}'"}
          autoFocus
        />
      </Field>

      {error ? (
        <Banner tone="danger" title="The command cannot be read">
          <span className="pre-wrap" data-testid="curl-error">{error.message}</span>
        </Banner>
      ) : null}

      {proposal && d ? (
        <>
          <section aria-label="What will be created" data-testid="curl-proposal">
            <h3>What will be created</h3>
            <DetailsTable
              caption="The destination"
              rows={[
                ["Destination", d.name],
                ["Request", <span className="mono" key="r">{`${d.method} ${d.endpoint}`}</span>],
                [
                  "Static headers",
                  d.headers.length === 0 ? (
                    <span className="muted">None</span>
                  ) : (
                    <span className="mono pre-wrap">{d.headers.map((h) => `${h.name}: ${h.value}`).join("\n")}</span>
                  ),
                ],
                [
                  "API Auth",
                  proposal.auth ? (
                    <span data-testid="curl-auth">
                      New config “{proposal.auth.name}” ({kindLabel(proposal.auth.settings.kind)}
                      {authWhere(proposal)}), from {proposal.auth.found_in};{" "}
                      {proposal.auth.secret_mask ? (
                        <>
                          secret <span className="mono">{proposal.auth.secret_mask}</span> goes to the keyring
                        </>
                      ) : (
                        "no secret in the command: enter it in the config"
                      )}
                    </span>
                  ) : (
                    <span className="muted">None found in the command</span>
                  ),
                ],
              ]}
            />
          </section>

          {d.test.payload !== "" ? (
            <section aria-label="Payload">
              <h3>Payload</h3>
              <pre className="mono pre-wrap" data-testid="curl-payload">{d.test.payload}</pre>
              {proposal.suggestions.length > 0 ? (
                <ul className="report-list" aria-label="Values to take from the contact">
                  {proposal.suggestions.map((s) => (
                    <li key={s.path}>
                      <label className="switch">
                        <input
                          type="checkbox"
                          checked={s.applied}
                          onChange={(e) =>
                            setBind((b) => (e.target.checked ? [...b, s.path] : b.filter((p) => p !== s.path)))
                          }
                        />
                        Use <span className="mono">{s.expression}</span> for <span className="mono">{s.path}</span>
                      </label>
                      <span className="muted">
                        “{s.literal}”: {s.reason}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </section>
          ) : null}

          <section aria-label="Not mapped" data-testid="curl-unmapped">
            <h3>Could not be mapped ({proposal.unmapped.length + proposal.issues.length})</h3>
            {proposal.unmapped.length + proposal.issues.length === 0 ? (
              <p className="muted">Everything in the command has a place in the destination.</p>
            ) : (
              <ul className="report-list">
                {proposal.issues.map((i) => (
                  <li key={`issue-${i.field}`}>
                    <strong>{i.field}</strong> <span>{i.message}</span>
                  </li>
                ))}
                {proposal.unmapped.map((u, n) => (
                  <li key={`${n}-${u.item}`}>
                    <span className="mono">{u.item}</span> <span className="muted">{u.reason}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}

      {/* Kept in view below the report, which scrolls. */}
      <div className="dialog-actions" style={{ position: "sticky", bottom: 0, background: "var(--surface)", paddingTop: 8 }}>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button variant="primary" onClick={() => void apply()} disabled={!proposal || applying} data-testid="curl-apply">
          {applying ? "Creating…" : proposal?.auth ? "Create API Auth and fill the form" : "Fill the form"}
        </Button>
      </div>
    </div>
  );
}
