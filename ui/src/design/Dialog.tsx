// A modal dialog on the native <dialog> element: focus is trapped and Escape closes it.
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from "react";

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

  // Leaving the screen while a dialog is open (a link inside it) must not leave the page inert:
  // some engines keep a removed modal's backdrop, so close it before it goes.
  useLayoutEffect(() => {
    const dialog = ref.current;
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);

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
