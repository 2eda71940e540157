// A small "Copy" button for an id or a value, confirmed by a toast.
import { Button } from "../design/primitives";
import { useToasts } from "../design/toasts";

export function CopyButton({ text, label }: { text: string; label: string }) {
  const toasts = useToasts();
  return (
    <Button
      className="small"
      aria-label={`Copy ${label}`}
      onClick={() =>
        navigator.clipboard
          ?.writeText(text)
          .then(() => toasts.show(`${label} copied.`, "success"))
          .catch(() => toasts.show("The clipboard refused the copy.", "danger"))
      }
    >
      Copy
    </Button>
  );
}
