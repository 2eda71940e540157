// The frame of a screen whose feature has not landed yet: it says what the screen will hold,
// and shows no data it does not have.
import type { ReactNode } from "react";
import type { IconName } from "../design/icons";
import { Card, EmptyState, PageHeader } from "../design/primitives";

export function ComingScreen(props: {
  title: string;
  breadcrumb: string;
  description: string;
  icon: IconName;
  emptyTitle: string;
  willHold: ReactNode[];
}) {
  return (
    <div className="page">
      <PageHeader title={props.title} breadcrumb={props.breadcrumb} description={props.description} />
      <Card>
        <EmptyState icon={props.icon} title={props.emptyTitle}>
          <p>This screen is not available in this build yet. When it is, it will hold:</p>
          <ul>
            {props.willHold.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ul>
        </EmptyState>
      </Card>
    </div>
  );
}
