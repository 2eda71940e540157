// The team profile: name and custom attributes (`team.*` in expressions).
import { useState } from "react";
import type { AppError, Team } from "../api/generated";
import { call } from "../api/ipc";
import { Button, Card, Field } from "../design/primitives";
import { useToasts } from "../design/toasts";

export function TeamCard({ team, onSaved }: { team: Team; onSaved: (t: Team) => void }) {
  const [name, setName] = useState(team.name);
  const [attributes, setAttributes] = useState(JSON.stringify(team.custom_attributes, null, 2));
  const [error, setError] = useState<string | null>(null);
  const toasts = useToasts();

  const save = async () => {
    let custom: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(attributes || "{}");
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("must be a JSON object");
      custom = parsed as Record<string, unknown>;
    } catch (e) {
      setError(`Custom attributes ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    try {
      const saved = await call("team_update", { team: { ...team, name, custom_attributes: custom } });
      setError(null);
      onSaved(saved);
      toasts.show("Saved the team profile.", "success");
    } catch (e) {
      setError((e as AppError).message);
    }
  };

  return (
    <Card title="Team" labelledBy="team-title" actions={<Button onClick={save}>Save team</Button>}>
      <div className="form-grid">
        <Field id="team-name" label="Name" hint={`team.name · id ${team.id}`}>
          <input id="team-name" className="input" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        {/* The whole width and room for a real object: this is where team-wide values are typed. */}
        <div className="full">
          <Field id="team-attributes" label="Custom attributes (JSON)" hint="team.custom_attributes.<key>" error={error}>
            <textarea
              id="team-attributes"
              className="input mono"
              rows={8}
              spellCheck={false}
              value={attributes}
              onChange={(e) => setAttributes(e.target.value)}
            />
          </Field>
        </div>
      </div>
    </Card>
  );
}
