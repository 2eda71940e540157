// Beside the static headers: each header or endpoint query parameter that holds a secret,
// why that is a risk, and one click to move it into a new API Auth config in the keyring.
import { useEffect, useRef, useState } from "react";
import type { AppError, AuthConfigView, DestinationInput, StaticSecret } from "../api/generated";
import { call } from "../api/ipc";
import { Banner, Button } from "../design/primitives";
import { planMove } from "./moveToAuth";

const CHECK_DEBOUNCE_MS = 150;

function label(found: StaticSecret): string {
  return found.place === "header" ? `header ${found.name}` : `query parameter ${found.name}`;
}

/** A name no other config has: "<destination> <header>", then "… 2", "… 3". */
function freeName(input: DestinationInput, found: StaticSecret, auths: AuthConfigView[]): string {
  const base = `${input.name.trim() || "Destination"} ${found.name}`;
  const taken = new Set(auths.map((a) => a.name.trim().toLowerCase()));
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base} ${n}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

export function StaticSecretsNotice(props: {
  input: DestinationInput;
  auths: AuthConfigView[];
  /** The form without the secret, pointing at the new config. */
  onMoved: (patch: Pick<DestinationInput, "headers" | "endpoint" | "auth_id">, created: AuthConfigView) => void;
}) {
  const { input } = props;
  const [found, setFound] = useState<StaticSecret[]>([]);
  const [moving, setMoving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    const timer = window.setTimeout(() => {
      call("destination_secret_fields", { headers: input.headers, endpoint: input.endpoint })
        .then((result) => {
          if (mine === seq.current) setFound(result);
        })
        .catch(() => undefined);
    }, CHECK_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [input.headers, input.endpoint]);

  if (found.length === 0) return null;

  const move = async (item: StaticSecret) => {
    const plan = planMove(input, item, freeName(input, item, props.auths));
    if (!plan) return;
    setError(null);
    setMoving(label(item));
    try {
      const created = await call("auth_create", { input: plan.auth });
      setFound((now) => now.filter((f) => f !== item));
      props.onMoved({ headers: plan.headers, endpoint: plan.endpoint, auth_id: created.id }, created);
    } catch (e) {
      setError((e as AppError).message);
    } finally {
      setMoving(null);
    }
  };

  return (
    <div className="stack" data-testid="static-secrets">
      {found.map((item) => {
        const what = label(item);
        return (
          <Banner
            key={`${item.place}-${item.name}-${item.index ?? ""}`}
            tone="warning"
            title={`The ${what} looks like a secret`}
            actions={
              input.auth_id === null ? (
                <Button
                  className="small"
                  onClick={() => void move(item)}
                  disabled={moving !== null}
                  aria-label={`Move ${what} to API Auth`}
                >
                  {moving === what ? "Moving…" : "Move to API Auth"}
                </Button>
              ) : null
            }
          >
            <p style={{ margin: 0 }}>
              Values typed here are saved with the destination in the app's database, where anyone with a copy of
              this computer's files can read them. The app shows and records it as ••••, and puts it back only when
              it sends. API Auth keeps it in the system keyring instead, and it never leaves the keyring in an
              export.
            </p>
            {input.auth_id !== null ? (
              <p className="muted" style={{ margin: 0 }}>
                This destination already uses an API Auth config, and a destination has one: to move this value,
                choose None under API Auth first.
              </p>
            ) : null}
          </Banner>
        );
      })}
      {error ? (
        <Banner tone="danger" title="Not moved">
          {error}
        </Banner>
      ) : null}
    </div>
  );
}
