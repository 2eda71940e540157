// Building blocks every screen uses: page header, card, button, field, table, chip, banner,
// empty state. Tone is never shown by colour alone: chips and banners carry an icon and words.
import type { ButtonHTMLAttributes, ReactNode } from "react";
import { Icon, type IconName } from "./icons";

export type Tone = "success" | "warning" | "danger" | "info" | "neutral";

const toneIcon: Record<Tone, IconName> = {
  success: "check",
  warning: "alert",
  danger: "cross",
  info: "info",
  neutral: "clock",
};

export function PageHeader(props: {
  title: string;
  breadcrumb?: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        {props.breadcrumb ? <div className="breadcrumb">{props.breadcrumb}</div> : null}
        <h1>{props.title}</h1>
        {props.description ? <p>{props.description}</p> : null}
      </div>
      {props.actions ? <div className="row">{props.actions}</div> : null}
    </header>
  );
}

export function Card(props: { title?: string; actions?: ReactNode; children: ReactNode; labelledBy?: string }) {
  const headingId = props.labelledBy;
  return (
    <section className="card" aria-labelledby={headingId}>
      {props.title ? (
        <div className="card-header">
          <h2 id={headingId}>{props.title}</h2>
          {props.actions}
        </div>
      ) : null}
      {props.children}
    </section>
  );
}

export function Button({
  variant = "default",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "default" | "primary" | "danger" }) {
  const className = ["button", variant === "default" ? "" : variant, rest.className ?? ""]
    .filter(Boolean)
    .join(" ");
  return <button type="button" {...rest} className={className} />;
}

export function Field(props: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint ? (
        <span className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span className="error" id={`${props.id}-error`} role="alert">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

export function StatusChip({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <span className={`chip ${tone}`}>
      <Icon name={toneIcon[tone]} />
      {children}
    </span>
  );
}

export function Banner(props: { tone: Exclude<Tone, "neutral" | "success">; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className={`banner ${props.tone}`} role={props.tone === "danger" ? "alert" : "status"}>
      <Icon name={toneIcon[props.tone]} />
      <div className="banner-body">
        <strong>{props.title}</strong>
        {props.children}
      </div>
      {props.actions}
    </div>
  );
}

export function EmptyState(props: { icon: IconName; title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="empty-state">
      <Icon name={props.icon} />
      <h2>{props.title}</h2>
      {props.children}
      {props.actions ? <div className="row">{props.actions}</div> : null}
    </div>
  );
}

/** A two-column table of labels and values. */
export function DetailsTable({ caption, rows }: { caption: string; rows: [string, ReactNode][] }) {
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td className="wrap">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
