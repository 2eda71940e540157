# Source: https://amplitude.com/docs/apis/analytics/http-api-quickstart
curl -X POST https://api2.amplitude.com/2/httpapi \
    -H "Content-Type: application/json" \
    -H "Accept: */*" \
    -d "{
        'api_key': 'YOUR_API_KEY',
        'events': [{
        'user_id': '203201202',
        'device_id': 'C8F9E604-F01A-4BD9-95C6-8E5357DF265D',
        'event_type': 'watch_tutorial'
        }]
        }"
