# Source: https://developers.hubspot.com/docs/api-reference/crm-companies-v3/basic/post-crm-v3-objects-companies
curl --request POST \
  --url https://api.hubapi.com/crm/v3/objects/companies \
  --header 'Authorization: Bearer <token>' \
  --header 'Content-Type: application/json' \
  --data '{
  "associations": [
    {
      "types": [
        {
          "associationCategory": "HUBSPOT_DEFINED",
          "associationTypeId": 123
        }
      ],
      "to": {
        "id": "<string>"
      }
    }
  ],
  "properties": {}
}'
