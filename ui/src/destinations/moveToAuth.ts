// "Move to API Auth": the API Auth config that holds a secret typed into a static header or the
// endpoint's query, and the form without it. Pure, so it is tested without the app.
import type { AuthConfigInput, DestinationInput, StaticSecret } from "../api/generated";

export interface Move {
  /** The config to create (its secret goes to the keyring). */
  auth: AuthConfigInput;
  /** The form without the header or parameter. */
  headers: DestinationInput["headers"];
  endpoint: string;
}

function decodeQueryValue(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return raw;
  }
}

/** `value` after a known scheme word (`Bearer abc` → `abc`). */
function afterScheme(value: string, scheme: string): string | null {
  const match = new RegExp(`^\\s*${scheme}\\s+(.+?)\\s*$`, "i").exec(value);
  return match ? (match[1] ?? null) : null;
}

/** `user:password` of a Basic value, when it decodes. */
function basicParts(value: string): { username: string; password: string } | null {
  const encoded = afterScheme(value, "basic");
  if (!encoded) return null;
  try {
    const raw = atob(encoded);
    const colon = raw.indexOf(":");
    if (colon <= 0) return null;
    return { username: raw.slice(0, colon), password: raw.slice(colon + 1) };
  } catch {
    return null;
  }
}

/** The endpoint without the query parameter `name` holding a typed-in value, and that value. */
export function withoutQueryParam(endpoint: string, name: string): { endpoint: string; value: string | null } {
  const q = endpoint.indexOf("?");
  if (q < 0) return { endpoint, value: null };
  const hash = endpoint.indexOf("#", q);
  const end = hash < 0 ? endpoint.length : hash;
  let value: string | null = null;
  const kept = endpoint
    .slice(q + 1, end)
    .split("&")
    .filter((segment) => {
      const eq = segment.indexOf("=");
      if (eq < 0 || value !== null) return true;
      const raw = segment.slice(eq + 1);
      if (decodeQueryValue(segment.slice(0, eq)) !== name || raw === "" || raw.includes("{")) return true;
      value = decodeQueryValue(raw);
      return false;
    });
  const base = endpoint.slice(0, q);
  const rest = endpoint.slice(end);
  return { endpoint: kept.length > 0 ? `${base}?${kept.join("&")}${rest}` : `${base}${rest}`, value };
}

/** What moving `found` out of `input` creates and leaves; null when its value is gone. */
export function planMove(input: DestinationInput, found: StaticSecret, authName: string): Move | null {
  if (found.place === "query") {
    const { endpoint, value } = withoutQueryParam(input.endpoint, found.name);
    if (value === null) return null;
    return {
      auth: { name: authName, settings: { kind: "api_key", placement: "query", name: found.name }, secrets: { value } },
      headers: input.headers,
      endpoint,
    };
  }
  const header = found.index === null ? undefined : input.headers[found.index];
  if (!header || header.value.trim() === "") return null;
  const headers = input.headers.filter((_, i) => i !== found.index);
  const basic = found.suggested === "basic" ? basicParts(header.value) : null;
  const bearer = found.suggested === "bearer" ? afterScheme(header.value, "bearer") : null;
  const auth: AuthConfigInput = basic
    ? { name: authName, settings: { kind: "basic", username: basic.username }, secrets: { password: basic.password } }
    : bearer
      ? { name: authName, settings: { kind: "bearer" }, secrets: { token: bearer } }
      : {
          name: authName,
          settings: { kind: "api_key", placement: "header", name: header.name.trim() },
          secrets: { value: header.value.trim() },
        };
  return { auth, headers, endpoint: input.endpoint };
}
