# Source: https://attio.mintlify.app/rest-api/endpoint-reference/records/assert-a-record
curl --request PUT \
  --url https://api.attio.com/v2/objects/{object}/records \
  --header 'Authorization: Bearer <token>' \
  --header 'Content-Type: application/json' \
  --data '
{
  "data": {
    "values": {
      "41252299-f8c7-4b5e-99c9-4ff8321d2f96": "Text value",
      "multiselect_attribute": [
        "Select option 1",
        "Select option 2"
      ]
    }
  }
}
'
