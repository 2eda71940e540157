import { describe, expect, it } from "vitest";
import type { DestinationInput, StaticSecret } from "../api/generated";
import { blankDestination } from "./DestinationForm";
import { planMove, withoutQueryParam } from "./moveToAuth";

function form(patch: Partial<DestinationInput>): DestinationInput {
  return { ...blankDestination(), ...patch };
}

const header = (index: number, name: string, suggested: StaticSecret["suggested"]): StaticSecret => ({
  place: "header",
  name,
  index,
  suggested,
});

describe("planMove", () => {
  it("moves an X-Api-Key header into an API key in that header", () => {
    const input = form({
      headers: [
        { name: "X-Source", value: "app" },
        { name: "X-Api-Key", value: " k-123 " },
      ],
    });
    const move = planMove(input, header(1, "X-Api-Key", "api_key_header"), "CRM X-Api-Key");
    expect(move?.auth).toEqual({
      name: "CRM X-Api-Key",
      settings: { kind: "api_key", placement: "header", name: "X-Api-Key" },
      secrets: { value: "k-123" },
    });
    expect(move?.headers).toEqual([{ name: "X-Source", value: "app" }]);
  });

  it("moves Authorization: Bearer into a Bearer config and Basic into a Basic one", () => {
    const bearer = planMove(
      form({ headers: [{ name: "Authorization", value: "Bearer t0k.en" }] }),
      header(0, "Authorization", "bearer"),
      "a",
    );
    expect(bearer?.auth.settings).toEqual({ kind: "bearer" });
    expect(bearer?.auth.secrets).toEqual({ token: "t0k.en" });
    const basic = planMove(
      form({ headers: [{ name: "Authorization", value: `Basic ${btoa("alice:pw:x")}` }] }),
      header(0, "Authorization", "basic"),
      "b",
    );
    expect(basic?.auth.settings).toEqual({ kind: "basic", username: "alice" });
    expect(basic?.auth.secrets).toEqual({ password: "pw:x" });
  });

  it("moves ?api_key= into an API key in the query and leaves the rest of the URL", () => {
    const input = form({ endpoint: "https://x.test/a/{id}?list=1&api_key=a%2Fb&t={t}#top" });
    const move = planMove(input, { place: "query", name: "api_key", index: null, suggested: "api_key_query" }, "q");
    expect(move?.endpoint).toBe("https://x.test/a/{id}?list=1&t={t}#top");
    expect(move?.auth.settings).toEqual({ kind: "api_key", placement: "query", name: "api_key" });
    expect(move?.auth.secrets).toEqual({ value: "a/b" });
  });
});

describe("withoutQueryParam", () => {
  it("drops the query mark with the last parameter and keeps templated values", () => {
    expect(withoutQueryParam("https://x.test/a?key=k1", "key")).toEqual({ endpoint: "https://x.test/a", value: "k1" });
    expect(withoutQueryParam("https://x.test/a?key={k}", "key")).toEqual({
      endpoint: "https://x.test/a?key={k}",
      value: null,
    });
  });
});
