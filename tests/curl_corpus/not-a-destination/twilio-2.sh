# Source: https://twilio.com/docs/iam/api
curl -G https://api.twilio.com/2010-04-01/Accounts \
    -u $YOUR_ACCOUNT_SID:$YOUR_AUTH_TOKEN
