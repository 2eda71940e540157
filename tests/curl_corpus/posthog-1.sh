# Source: https://github.com/PostHog/posthog.com/blob/2a0718fe39916a7b5a4aa863de8ab261bf4646d1/contents/docs/api/capture.mdx (rendered at https://posthog.com/docs/api/capture)
curl -v -L --header "Content-Type: application/json" -d '{
  "api_key": "<ph_project_api_key>",
  "event": "event name",
  "distinct_id": "user distinct id",
  "properties": {
    "account_type": "pro"
  },
  "timestamp": "[optional timestamp in ISO 8601 format]"
}' <ph_client_api_host>/capture/ 
