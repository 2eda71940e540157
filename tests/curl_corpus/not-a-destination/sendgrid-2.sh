# Source: https://twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/authentication
curl -X "GET" "https://api.sendgrid.com/v3/templates" -H "Authorization: Bearer Your.API.Key-HERE" -H "Content-Type: application/json"
