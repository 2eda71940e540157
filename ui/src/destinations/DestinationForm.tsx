// The destination form (PRODUCT.md Screen 2): endpoint with placeholders highlighted and
// variables listed, method, API Auth (pick or create inline), headers, timeout, retries,
// limits. The core checks the form as it is typed; its messages appear at their fields.
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import type { AppError, AuthConfigView, DestinationCheck, DestinationInput, DestinationTemplate, HttpMethod } from "../api/generated";
import { call } from "../api/ipc";
import { AuthForm } from "../auth/AuthForm";
import { kindLabel } from "../auth/kinds";
import { Dialog } from "../design/Dialog";
import { Banner, Button, Card, Field, PageHeader } from "../design/primitives";
import { useToasts } from "../design/toasts";
import { BodyFormatField } from "./BodyFormatField";
import { EndpointField } from "./EndpointField";
import { CurlPaste } from "./CurlPaste";
import { HeadersEditor } from "./HeadersEditor";
import { StaticSecretsNotice } from "./StaticSecretsNotice";
import { DEFAULT_RETRY, RetryEditor } from "./RetryEditor";
import { TestPayloadPanel } from "../payload/TestPayloadPanel";
import { TemplateGallery } from "./TemplateGallery";
import { TemplateNotes } from "./TemplateNotes";
import { inputFromTemplate } from "./templateInput";

const METHODS: HttpMethod[] = ["POST", "PUT", "PATCH", "DELETE"];
const CREATE_AUTH = "__create__";
const CHECK_DEBOUNCE_MS = 120;

export function blankDestination(): DestinationInput {
  return {
    name: "",
    endpoint: "",
    method: "POST",
    auth_id: null,
    headers: [],
    body_format: "json",
    timeout_secs: 15,
    retry: DEFAULT_RETRY,
    rate_limit_per_sec: null,
    concurrency_limit: null,
    enabled: true,
    test: { bindings: {}, payload: "" },
  };
}

export function DestinationForm() {
  const { id } = useParams();
  const isNew = id === undefined;
  const navigate = useNavigate();
  const toasts = useToasts();
  const [input, setInput] = useState<DestinationInput | null>(isNew ? blankDestination() : null);
  const [authMissing, setAuthMissing] = useState(false);
  const [auths, setAuths] = useState<AuthConfigView[]>([]);
  const [check, setCheck] = useState<DestinationCheck>({ issues: [], placeholders: [], variables: [] });
  // The form values the shown check belongs to: problems of older values are not shown.
  const [checkedInput, setCheckedInput] = useState<DestinationInput | null>(null);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [saveError, setSaveError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const [creatingAuth, setCreatingAuth] = useState(false);
  const checkSeq = useRef(0);
  // A new destination starts in the template gallery; null once "Start from scratch" is chosen.
  const [template, setTemplate] = useState<DestinationTemplate | null | undefined>(isNew ? undefined : null);

  const loadAuths = useCallback(() => call("auth_list").then(setAuths), []);

  useEffect(() => {
    loadAuths().catch((e: AppError) => toasts.show(e.message, "danger"));
    if (id !== undefined) {
      call("destination_get", { id })
        .then((view) => {
          setInput({ ...view.input });
          setAuthMissing(view.auth !== null && view.auth.name === null);
        })
        .catch((e: AppError) => setSaveError(e));
    }
  }, [id, loadAuths, toasts]);

  // Ask the core to check the form; only the newest answer is shown.
  useEffect(() => {
    if (!input) return;
    const seq = ++checkSeq.current;
    const timer = window.setTimeout(() => {
      call("destination_check", { input })
        .then((result) => {
          if (seq === checkSeq.current) {
            setCheck(result);
            setCheckedInput(input);
          }
        })
        .catch(() => undefined);
    }, CHECK_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [input]);

  if (!input) {
    return (
      <div className="page">
        {saveError ? <Banner tone="danger" title="This destination could not be opened">{saveError.message}</Banner> : <p className="muted">Loading…</p>}
      </div>
    );
  }

  if (template === undefined) {
    return (
      <div className="page">
        <PageHeader
          title="New API Destination"
          breadcrumb="Integrations › API Destinations"
          description="Pick the tool to connect: its endpoint, headers, credential kind and a payload for your contacts are filled in from the vendor's documented request."
        />
        <div className="row">
          <CurlPaste
            onApply={(next) => {
              setTemplate(null);
              setInput(next);
              setTouched(new Set(["name", "endpoint", "headers", "test"]));
              loadAuths().catch((e: AppError) => toasts.show(e.message, "danger"));
            }}
          />
        </div>
        <TemplateGallery
          onPick={(picked) => {
            setTemplate(picked);
            if (picked) setInput(inputFromTemplate(picked, blankDestination()));
          }}
        />
      </div>
    );
  }

  const set = <K extends keyof DestinationInput>(key: K, value: DestinationInput[K]) => {
    setInput({ ...input, [key]: value });
    setTouched((t) => new Set(t).add(key));
  };
  const visible = (field: string) =>
    submitted || touched.has(field.split(".")[0] ?? field) || (field === "endpoint" && input.endpoint !== "");
  const fresh = checkedInput === input;
  const issue = (field: string) =>
    fresh ? check.issues.find((i) => i.field === field && visible(field)) : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setSaveError(null);
    setSaving(true);
    try {
      const saved =
        id === undefined
          ? await call("destination_create", { input })
          : await call("destination_update", { id, input });
      toasts.show(`Saved “${saved.input.name}”.`, "success");
      navigate("/destinations");
    } catch (e) {
      setSaveError(e as AppError);
    } finally {
      setSaving(false);
    }
  };

  // A pasted cURL command replaces the form's values; its auth config already exists.
  const applyCurl = (next: DestinationInput) => {
    setTemplate(null);
    setInput(next);
    setTouched(new Set(["name", "endpoint", "headers", "test"]));
    loadAuths().catch((e: AppError) => toasts.show(e.message, "danger"));
  };
  const numberOrNull = (text: string) => (text.trim() === "" ? null : Math.max(0, Math.floor(Number(text))));
  const nameIssue = issue("name");
  const timeoutIssue = issue("timeout_secs");
  const rateIssue = issue("rate_limit_per_sec");
  const concurrencyIssue = issue("concurrency_limit");

  return (
    <div className="page">
      <PageHeader
        title={isNew ? "New API Destination" : `Edit “${input.name}”`}
        breadcrumb="Integrations › API Destinations"
        description="Where requests go and how: the endpoint, its method and credentials, and what to do when it fails."
      />
      {isNew ? (
        <div className="row">
          <CurlPaste onApply={(next) => applyCurl(next)} />
        </div>
      ) : null}
      <form onSubmit={submit} className="stack" aria-label="API Destination" noValidate>
        {template ? (
          <TemplateNotes
            template={template}
            authChosen={input.auth_id !== null}
            onCreateAuth={() => setCreatingAuth(true)}
          />
        ) : null}
        <Card title="Endpoint" labelledBy="endpoint-title">
          <div className="form-grid">
            <div className="full">
              <Field id="destination-name" label="Name" hint="Rules refer to the destination by this name." error={nameIssue?.message}>
                <input
                  id="destination-name"
                  className="input"
                  value={input.name}
                  aria-invalid={nameIssue ? true : undefined}
                  onChange={(e) => set("name", e.target.value)}
                  autoFocus={isNew}
                />
              </Field>
            </div>
            <div className="full">
              <EndpointField
                value={input.endpoint}
                onChange={(v) => set("endpoint", v)}
                placeholders={check.placeholders}
                variables={check.variables}
                issue={issue("endpoint")}
              />
            </div>
            <Field id="destination-method" label="Method">
              <select
                id="destination-method"
                className="select"
                value={input.method}
                onChange={(e) => set("method", e.target.value as HttpMethod)}
              >
                {METHODS.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            </Field>
            <BodyFormatField value={input.body_format} onChange={(v) => set("body_format", v)} />
            <Field
              id="destination-auth"
              label="API Auth"
              hint={authMissing && input.auth_id ? undefined : "Credentials sent with every request to this destination."}
              error={authMissing && input.auth_id ? "Auth config missing: it was deleted. Pick another or create one." : null}
            >
              <select
                id="destination-auth"
                className="select"
                value={input.auth_id ?? ""}
                onChange={(e) => {
                  if (e.target.value === CREATE_AUTH) {
                    setCreatingAuth(true);
                    return;
                  }
                  setAuthMissing(false);
                  set("auth_id", e.target.value === "" ? null : e.target.value);
                }}
              >
                <option value="">None</option>
                {authMissing && input.auth_id ? <option value={input.auth_id}>(deleted auth config)</option> : null}
                {auths.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} — {kindLabel(a.settings.kind)}
                    {a.secrets.some((s) => !s.set) ? " (secret needed)" : ""}
                  </option>
                ))}
                <option value={CREATE_AUTH}>+ Create new API Auth…</option>
              </select>
            </Field>
          </div>
        </Card>

        <Card title="Request" labelledBy="request-title">
          <div className="stack">
            <HeadersEditor
              headers={input.headers}
              onChange={(headers) => set("headers", headers)}
              issues={fresh ? check.issues.filter((i) => visible(i.field)) : []}
            />
            <StaticSecretsNotice
              input={input}
              auths={auths}
              onMoved={(patch, created) => {
                setAuths([...auths, created]);
                setAuthMissing(false);
                setInput({ ...input, ...patch });
                setTouched((t) => new Set(t).add("headers").add("endpoint").add("auth_id"));
              }}
            />
            <div className="form-grid">
              <Field id="destination-timeout" label="Timeout (seconds)" hint="1 to 120; 15 by default." error={timeoutIssue?.message}>
                <input
                  id="destination-timeout"
                  className="input"
                  type="number"
                  min={1}
                  max={120}
                  value={input.timeout_secs}
                  aria-invalid={timeoutIssue ? true : undefined}
                  onChange={(e) => set("timeout_secs", Number(e.target.value))}
                />
              </Field>
              <Field id="destination-enabled" label="Status">
                <label className="switch">
                  <input
                    id="destination-enabled"
                    type="checkbox"
                    checked={input.enabled}
                    onChange={(e) => set("enabled", e.target.checked)}
                  />
                  {input.enabled ? "Enabled" : "Disabled: rules do not send to it"}
                </label>
              </Field>
              <Field id="destination-rate" label="Rate limit (requests per second)" hint="Empty for no limit." error={rateIssue?.message}>
                <input
                  id="destination-rate"
                  className="input"
                  type="number"
                  min={1}
                  value={input.rate_limit_per_sec ?? ""}
                  onChange={(e) => set("rate_limit_per_sec", numberOrNull(e.target.value))}
                />
              </Field>
              <Field
                id="destination-concurrency"
                label="Concurrency (requests at once)"
                hint="Empty for the default."
                error={concurrencyIssue?.message}
              >
                <input
                  id="destination-concurrency"
                  className="input"
                  type="number"
                  min={1}
                  max={64}
                  value={input.concurrency_limit ?? ""}
                  onChange={(e) => set("concurrency_limit", numberOrNull(e.target.value))}
                />
              </Field>
            </div>
          </div>
        </Card>

        <Card title="When it fails" labelledBy="retry-title">
          <RetryEditor value={input.retry} onChange={(retry) => set("retry", retry)} issue={issue("retry")?.message} />
        </Card>

        <TestPayloadPanel
          destination={input}
          variables={check.variables}
          savedId={id ?? null}
          unsaved={touched.size > 0}
          onTestChange={(test, byUser) => (byUser ? set("test", test) : setInput((i) => (i ? { ...i, test } : i)))}
        />

        {saveError ? (
          <Banner tone="danger" title="Not saved">
            <div className="pre-wrap" data-testid="save-error">
              {saveError.message}
            </div>
          </Banner>
        ) : null}
        <div className="form-actions">
          <Button onClick={() => navigate("/destinations")}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={saving}>
            {saving ? "Saving…" : isNew ? "Create destination" : "Save changes"}
          </Button>
        </div>
      </form>

      <Dialog open={creatingAuth} title="New API Auth" onClose={() => setCreatingAuth(false)}>
        {creatingAuth ? (
          <AuthForm
            initial={template?.auth ? { name: template.auth.name, settings: template.auth.settings } : undefined}
            onCancel={() => setCreatingAuth(false)}
            onSaved={(saved) => {
              setCreatingAuth(false);
              loadAuths()
                .then(() => {
                  setAuthMissing(false);
                  set("auth_id", saved.id);
                })
                .catch((e: AppError) => toasts.show(e.message, "danger"));
            }}
          />
        ) : null}
      </Dialog>
    </div>
  );
}
