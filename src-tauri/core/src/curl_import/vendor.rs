//! Names for what the import creates, from the endpoint's host: "HubSpot contacts",
//! "HubSpot token". Known vendors get their own name, others the host's main label.

use crate::auth::AuthSettings;

/// Domains of tools marketers connect, and the name people know them by.
const VENDORS: &[(&str, &str)] = &[
    ("hubapi.com", "HubSpot"),
    ("hubspot.com", "HubSpot"),
    ("klaviyo.com", "Klaviyo"),
    ("mailchimp.com", "Mailchimp"),
    ("slack.com", "Slack"),
    ("stripe.com", "Stripe"),
    ("twilio.com", "Twilio"),
    ("sendgrid.com", "SendGrid"),
    ("segment.io", "Segment"),
    ("segment.com", "Segment"),
    ("segmentapis.com", "Segment"),
    ("mixpanel.com", "Mixpanel"),
    ("intercom.io", "Intercom"),
    ("pipedrive.com", "Pipedrive"),
    ("airtable.com", "Airtable"),
    ("discord.com", "Discord"),
    ("discordapp.com", "Discord"),
    ("office.com", "Microsoft Teams"),
    ("logic.azure.com", "Microsoft Teams"),
    ("zapier.com", "Zapier"),
    ("make.com", "Make"),
    ("braze.com", "Braze"),
    ("braze.eu", "Braze"),
    ("customer.io", "Customer.io"),
    ("api-us1.com", "ActiveCampaign"),
    ("activehosted.com", "ActiveCampaign"),
    ("facebook.com", "Meta"),
    ("brevo.com", "Brevo"),
    ("sendinblue.com", "Brevo"),
    ("postmarkapp.com", "Postmark"),
    ("mailgun.net", "Mailgun"),
    ("salesforce.com", "Salesforce"),
    ("pagerduty.com", "PagerDuty"),
    ("onesignal.com", "OneSignal"),
    ("amplitude.com", "Amplitude"),
    ("attentivemobile.com", "Attentive"),
];

fn host_of(endpoint: &str) -> &str {
    let rest = endpoint.split_once("://").map_or(endpoint, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority.rsplit('@').next().unwrap_or(authority);
    host.split(':').next().unwrap_or(host)
}

/// The vendor's name, or the host's main label capitalised (`api.example.com` → `Example`).
pub fn vendor_of(endpoint: &str) -> String {
    let host = host_of(endpoint).to_ascii_lowercase();
    if let Some((_, name)) = VENDORS
        .iter()
        .find(|(domain, _)| host == *domain || host.ends_with(&format!(".{domain}")))
    {
        return (*name).to_owned();
    }
    if host == "localhost" || host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return "Local server".into();
    }
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    let main = match labels.len() {
        0 => "API",
        1 => labels[0],
        n => labels[n - 2],
    };
    let mut chars = main.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "API".into(),
    }
}

/// "<Vendor> <last path word>", e.g. "HubSpot contacts", "Twilio Messages".
pub fn destination_name(endpoint: &str) -> String {
    let vendor = vendor_of(endpoint);
    let rest = endpoint.split_once("://").map_or(endpoint, |(_, r)| r);
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    let word = path
        .split('/')
        .skip(1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .find(|s| {
            !s.is_empty()
                && !s.contains(['{', '$', '<', '%'])
                && !s.chars().next().is_some_and(|c| c.is_ascii_digit())
                && s.chars().any(|c| c.is_ascii_alphabetic())
                && s.len() <= 40
        })
        .map(|s| s.strip_suffix(".json").unwrap_or(s));
    let name = match word {
        Some(word) => format!("{vendor} {word}"),
        None => vendor,
    };
    name.chars().take(100).collect()
}

/// "<Vendor> token", "<Vendor> API key", "<Vendor> login".
pub fn auth_name(endpoint: &str, settings: &AuthSettings) -> String {
    let what = match settings {
        AuthSettings::Bearer | AuthSettings::OAuth2ClientCredentials { .. } => "token",
        AuthSettings::Basic { .. } => "login",
        AuthSettings::ApiKey { .. } => "API key",
        AuthSettings::Hmac { .. } => "signing secret",
    };
    format!("{} {what}", vendor_of(endpoint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            destination_name("https://api.hubapi.com/crm/v3/objects/contacts"),
            "HubSpot contacts"
        );
        assert_eq!(
            destination_name("https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json"),
            "Twilio Messages"
        );
        assert_eq!(destination_name("https://hooks.example.org/"), "Example");
        assert_eq!(
            destination_name("http://127.0.0.1:5744/contacts"),
            "Local server contacts"
        );
        assert_eq!(
            auth_name("https://a.klaviyo.com/api/profiles", &AuthSettings::Bearer),
            "Klaviyo token"
        );
    }
}
