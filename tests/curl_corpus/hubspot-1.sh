# Source: https://developers.hubspot.com/docs/api-reference/2026-03/crm/objects/contacts/create-contact
curl --request POST \
  --url https://api.hubapi.com/crm/objects/2026-03/contacts \
  --header 'Authorization: Bearer <token>' \
  --header 'Content-Type: application/json' \
  --data '
{
  "associations": [
    {
      "to": {
        "id": "<string>"
      },
      "types": [
        {
          "associationTypeId": 123
        }
      ]
    }
  ],
  "properties": {}
}
'
