// The one "are you sure?" dialog: a question, what will happen, Cancel and the action.
// Cancel comes first, so it has the focus when the dialog opens and Enter never deletes by accident.
import type { ReactNode } from "react";
import { Dialog } from "./Dialog";
import { Button } from "./primitives";

export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  /** The button that does it, e.g. "Delete". */
  confirmLabel: string;
  danger?: boolean;
  onCancel: () => void;
  onConfirm: () => void;
  children: ReactNode;
}) {
  return (
    <Dialog
      open={props.open}
      title={props.title}
      onClose={props.onCancel}
      actions={
        <>
          <Button onClick={props.onCancel}>
            Cancel
          </Button>
          <Button variant={props.danger === false ? "primary" : "danger"} onClick={props.onConfirm}>
            {props.confirmLabel}
          </Button>
        </>
      }
    >
      {props.children}
    </Dialog>
  );
}
