// A modal dialog on the native <dialog> element: focus is trapped and Escape closes it.
import { useEffect, useId, useRef, type ReactNode } from "react";

export function Dialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  actions?: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { open, onClose } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const cancel = (event: Event) => {
      event.preventDefault();
      onClose();
    };
    dialog.addEventListener("cancel", cancel);
    return () => dialog.removeEventListener("cancel", cancel);
  }, [onClose]);

  return (
    <dialog ref={ref} className={`dialog${props.wide ? " wide" : ""}`} aria-labelledby={titleId}>
      {open ? (
        <>
          <h2 id={titleId}>{props.title}</h2>
          <div className="dialog-body">{props.children}</div>
          {props.actions ? <div className="dialog-actions">{props.actions}</div> : null}
        </>
      ) : null}
    </dialog>
  );
}
