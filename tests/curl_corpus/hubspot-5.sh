# Source: https://developers.hubspot.com/docs/api-reference/legacy/crm-companies-v2/post-companies-v2-domains-domain-companies
curl --request POST \
  --url https://api.hubapi.com/companies/v2/domains/{domain}/companies \
  --header 'Content-Type: application/json' \
  --data '{
  "limit": 123,
  "requestOptions": {
    "properties": [
      "<string>"
    ]
  },
  "offset": {
    "isPrimary": true,
    "companyId": 123
  }
}'
