# Source: https://github.com/rudderlabs/rudderstack-docs/blob/469e7d6ed548124b09a262be38578d266411e073/docs/api/data-regulation-api.mdx ("Sample suppression request")
curl --location --request POST 'https://api.rudderstack.com/v2/regulations' \
--header 'Authorization: Bearer 2345678Dv9J5NZsEqVJWLQutE4E' \
--header 'Content-Type: application/json' \
--data-raw '{
    "regulationType": "suppress",
    "sourceIds": [
        "src-1"
    ],
    "users": [
        {
            "userId": "123",
            "phone": "9876543210",
            "email": "name@surname.com"
        }
    ]
}'
