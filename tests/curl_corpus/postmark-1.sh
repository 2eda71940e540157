# Source: https://postmarkapp.com/developer/user-guide/sending-email/sending-with-api
curl "https://api.postmarkapp.com/email" \
  -X POST \
  -H "Accept: application/json" \
  -H "Content-Type: application/json" \
  -H "X-Postmark-Server-Token: server token" \
  -d '{
        "From": "sender@example.com",
        "To": "receiver@example.com",
        "Subject": "Postmark test",
        "TextBody": "Hello dear Postmark user.",
        "HtmlBody": "<html><body><strong>Hello</strong> dear Postmark user.</body></html>",
        "MessageStream": "outbound"
      }'
