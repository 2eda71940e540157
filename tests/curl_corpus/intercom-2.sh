# Source: https://intercom-developer-hub.readme.io/reference/update-lead
$ curl https://api.intercom.io/contacts \
-XPOST \
-H 'Authorization:Bearer <Your access token>' \
-H 'Accept: application/json' \
-H 'Content-Type: application/json' -d '
{
"id": "5811f6bbe6b4704ddfa84ac0",
"user_id": "77177570-cf5d-4f1a-bc75-75202af47d4f",
"phone": "123987456",
"email": "winstonsmith@truth.org",
"name": "OBrien",
"last_seen_ip" : "1.2.3.4",
"last_seen_user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.9",
"custom_attributes": {
"paid_subscriber" : true,
"monthly_spend": 155.5,
"team_mates": 9
},
"companies": [
{
"company_id" : "366",
"name" : "Serenity",
"monthly_spend" : 500
}
]
}'
