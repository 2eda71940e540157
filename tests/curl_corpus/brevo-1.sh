# Source: https://developers.brevo.com/docs/track-custom-events-rest.md
curl --request POST \
     --url https://in-automate.brevo.com/api/v2/trackEvent \
     --header 'accept: application/json' \
     --header 'content-type: application/json' \
     --header 'ma-key: YOUR_MA_KEY' \
     --data '
{
    "email": "example@brevo.com",
    "event": "cart_updated",
    "properties": {
        "additionalProp": "additional property"
    },
    "eventdata": {
        "data": {
            "added_product": [
                {
                    "currency": "EUR",
                    "name": "Wrist watch",
                    "type": "accessories",
                    "price": "50.00"
                }
            ]
        }
    }
}
'
