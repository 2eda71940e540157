// The event types of the catalog; rules may also listen to a custom type by name.
export const EVENT_TYPES = [
  "message.sent",
  "message.received",
  "contact.created",
  "contact.updated",
  "contact.subscribed",
  "contact.unsubscribed",
  "contact.tag_added",
];
