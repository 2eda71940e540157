// A URL or endpoint that wraps only after `/`, `?` and `&`: each piece between those stays on
// one line, so a host, a port or a {variable} is never cut in two. A piece ending in one of
// them may wrap after it even when what follows is another element (a highlighted variable).
import "./lists.css";

/** The pieces a URL may wrap between: each ends with its `/`, `?` or `&`. */
export function urlPieces(url: string): string[] {
  return url.match(/[^/?&]*(?:[/?&]+|$)/g)?.filter((piece) => piece !== "") ?? [];
}

export function BreakableUrl({ url, className }: { url: string; className?: string }) {
  const pieces = urlPieces(url);
  return (
    <span className={["breakable-url", className].filter(Boolean).join(" ")}>
      {pieces.map((piece, i) => (
        <span key={i}>
          <span className="nowrap">{piece}</span>
          {/[/?&]$/.test(piece) ? <wbr /> : null}
        </span>
      ))}
    </span>
  );
}
