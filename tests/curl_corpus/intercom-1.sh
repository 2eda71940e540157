# Source: https://intercom-developer-hub.readme.io/reference/create-lead
$ curl https://api.intercom.io/contacts \
-X POST \
-H 'Authorization:Bearer <Your access token>' \
-H 'Accept: application/json' \
-H 'Content-Type: application/json' -d '
{
"phone": "123987456",
"email": "winstonsmith@truth.org",
"name": "Winston Smith"
}'
