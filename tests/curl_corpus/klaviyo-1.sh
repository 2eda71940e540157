# Source: https://developers.klaviyo.com/en/reference/create_profile
curl --request POST \
     --url https://a.klaviyo.com/api/profiles \
     --header 'Authorization: Klaviyo-API-Key your-private-api-key' \
     --header 'accept: application/vnd.api+json' \
     --header 'content-type: application/vnd.api+json' \
     --header 'revision: 2025-01-15' \
     --data '
{
  "data": {
    "type": "profile",
    "attributes": {
      "properties": {
        "newKey": "New Value"
      }
    }
  }
}
'
