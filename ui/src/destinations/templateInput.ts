// A gallery template as the destination form's starting values: the request, and the Test
// payload's bindings and payload, which new rules start from.
import type { DestinationInput, DestinationTemplate } from "../api/generated";

export function inputFromTemplate(template: DestinationTemplate, blank: DestinationInput): DestinationInput {
  return {
    ...blank,
    name: template.name,
    endpoint: template.endpoint,
    method: template.method,
    body_format: template.body_format,
    headers: template.headers.map((h) => ({ ...h })),
    test: { bindings: { ...template.bindings }, payload: template.payload },
  };
}

/** Case-insensitive match on the name, category and what the request does. */
export function matchesTemplate(template: DestinationTemplate, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${template.name} ${template.category} ${template.summary}`.toLowerCase();
  return words.every((w) => text.includes(w));
}
