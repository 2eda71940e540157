# Source: https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/
curl --location 'https://api.segment.io/v1/track' \
--header 'Content-Type: application/json' \
--data-raw '{
    "event": "happy-path-a3ef8a6f-0482-4694-bc4d-4afba03a0eab",
    "email": "test@example.org",
    "userId": "123",
    "writeKey": "DmBXIN4JnwqBnTqXccTF0wBnLXNQmFtk"
}'
