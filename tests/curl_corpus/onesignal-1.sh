# Source: https://documentation.onesignal.com/reference/create-user
curl --request POST \
  --url https://api.onesignal.com/apps/{app_id}/users \
  --header 'Content-Type: application/json' \
  --data '
{
  "properties": {
    "tags": {},
    "language": "en",
    "timezone_id": "America/Los_Angeles",
    "lat": 123,
    "long": 123,
    "country": "US",
    "first_active": 123,
    "last_active": 123,
    "ip": "<string>"
  },
  "identity": {
    "external_id": "<string>"
  },
  "subscriptions": [
    {
      "type": "Email",
      "token": "<string>",
      "enabled": true,
      "notification_types": 123,
      "session_time": 123,
      "session_count": 123,
      "app_version": "<string>",
      "device_model": "<string>",
      "device_os": "<string>",
      "test_type": 123,
      "sdk": "<string>",
      "rooted": true,
      "web_auth": "<string>",
      "web_p256": "<string>"
    }
  ]
}
'
