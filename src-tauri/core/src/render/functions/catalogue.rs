//! Every function an expression can call, with its signature, what it does and an example:
//! the editor's completion is generated from this list (`ui/src/payload/functions.generated.json`,
//! checked by the `function_catalogue` test), so the two cannot drift apart.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FunctionDoc {
    pub name: &'static str,
    pub signature: &'static str,
    pub description: &'static str,
    pub example: &'static str,
    /// Not part of the JMESPath standard: an addition of this app.
    pub extension: bool,
}

const fn standard(
    name: &'static str,
    signature: &'static str,
    description: &'static str,
    example: &'static str,
) -> FunctionDoc {
    FunctionDoc {
        name,
        signature,
        description,
        example,
        extension: false,
    }
}

const fn extension(
    name: &'static str,
    signature: &'static str,
    description: &'static str,
    example: &'static str,
) -> FunctionDoc {
    FunctionDoc {
        name,
        signature,
        description,
        example,
        extension: true,
    }
}

pub const CATALOGUE: &[FunctionDoc] = &[
    standard("abs", "abs(number) → number", "Absolute value.", "abs(`-3`)"),
    standard("avg", "avg(array[number]) → number", "Average of the numbers.", "avg(`[64.5, 20, 12.5]`)"),
    standard("ceil", "ceil(number) → number", "Rounds up.", "ceil(`1.2`)"),
    standard("contains", "contains(array|string, any) → boolean", "Whether the list holds the value, or the text holds the substring.", "contains(contact.tags, 'vip')"),
    standard("ends_with", "ends_with(string, string) → boolean", "Whether the text ends with the suffix.", "ends_with(contact.custom_attributes.email, '@example.com')"),
    standard("floor", "floor(number) → number", "Rounds down.", "floor(`1.8`)"),
    standard("join", "join(string, array[string]) → string", "Joins texts with a separator.", "join(' ', [contact.first_name, contact.last_name])"),
    standard("keys", "keys(object) → array[string]", "The object's keys.", "keys(contact.custom_attributes)"),
    standard("length", "length(string|array|object) → number", "Number of characters, items or keys.", "length(contact.tags)"),
    standard("map", "map(&expr, array) → array", "Applies the expression to each item.", "map(&upper(@), contact.tags)"),
    standard("max", "max(array[number|string]) → number|string", "Largest value.", "max(`[1, 5, 3]`)"),
    standard("max_by", "max_by(array, &expr) → any", "Item with the largest expression value.", "max_by(`[{\"id\": \"A\", \"total\": 20}, {\"id\": \"B\", \"total\": 64.5}]`, &total).id"),
    standard("merge", "merge(object, ...) → object", "Merges objects; later keys win.", "merge(contact.custom_attributes, {source: 'app'})"),
    standard("min", "min(array[number|string]) → number|string", "Smallest value.", "min(`[1, 5, 3]`)"),
    standard("min_by", "min_by(array, &expr) → any", "Item with the smallest expression value.", "min_by(`[{\"id\": \"A\", \"total\": 20}, {\"id\": \"B\", \"total\": 64.5}]`, &total).id"),
    standard("not_null", "not_null(any, ...) → any", "The first argument that is not null: a fallback.", "not_null(contact.custom_attributes.nickname, contact.first_name)"),
    standard("reverse", "reverse(string|array) → string|array", "Reverses text or a list.", "reverse(contact.tags)"),
    standard("sort", "sort(array[number|string]) → array", "Sorts numbers or texts.", "sort(contact.tags)"),
    standard("sort_by", "sort_by(array, &expr) → array", "Sorts by the expression's value.", "sort_by(`[{\"total\": 64.5}, {\"total\": 20}]`, &total)"),
    standard("starts_with", "starts_with(string, string) → boolean", "Whether the text starts with the prefix.", "starts_with(contact.phone, '+44')"),
    standard("sum", "sum(array[number]) → number", "Sum of the numbers.", "sum(`[1, 2, 3]`)"),
    standard("to_array", "to_array(any) → array", "Wraps a value in a list (lists stay).", "to_array(contact.phone)"),
    standard("to_number", "to_number(any) → number", "Converts text to a number (null if it is not one).", "to_number('42')"),
    standard("to_string", "to_string(any) → string", "JSON text of the value (texts stay).", "to_string(contact.tags)"),
    standard("type", "type(any) → string", "number, string, boolean, array, object or null.", "type(contact.tags)"),
    standard("values", "values(object) → array", "The object's values.", "values(contact.subscriptions)"),
    extension("lower", "lower(string) → string", "Lower-cases the text (null stays null).", "lower(contact.custom_attributes.email)"),
    extension("upper", "upper(string) → string", "Upper-cases the text (null stays null).", "upper(contact.last_name)"),
    extension("trim", "trim(string) → string", "Removes spaces and line breaks at both ends (null stays null).", "trim(contact.custom_attributes.email)"),
    extension("replace", "replace(string, search, replacement) → string", "Replaces every occurrence of a plain text (not a pattern).", "replace(contact.phone, ' ', '')"),
    extension("split", "split(string, separator) → array[string]", "Splits the text at each separator; an empty separator splits into characters.", "split('a,b,c', ',')"),
    extension("sha256", "sha256(string) → string", "SHA-256 of the text as lower-case hex, as Meta and Google want hashed emails: sha256(lower(trim(…))).", "sha256(lower(trim(contact.custom_attributes.email)))"),
    extension("md5", "md5(string) → string", "MD5 of the text as lower-case hex, e.g. Mailchimp's subscriber hash of the lower-cased email.", "md5(lower(contact.custom_attributes.email))"),
    extension("now", "now() → string", "The current time, RFC 3339 in UTC. A delivery keeps the time it was queued at; retries resend it.", "now()"),
    extension("format_date", "format_date(date, format) → string|number", "Writes an RFC 3339 text, a YYYY-MM-DD date or Unix seconds in a strftime format ('%Y-%m-%d'), or as 'rfc3339', 'unix' or 'unix_ms' (numbers).", "format_date(event.occurred_at, '%d/%m/%Y')"),
    extension("uuid", "uuid() → string", "A random UUID (version 4), e.g. an idempotency key. A delivery keeps the one made when it was queued; retries resend it.", "uuid()"),
    extension("coalesce", "coalesce(any, ...) → any", "The first argument that is neither null nor empty text (not_null keeps empty text).", "coalesce(contact.custom_attributes.nickname, contact.first_name, 'there')"),
    extension("phone_e164", "phone_e164(string, region?) → string", "Writes a phone number as E.164 (+442079304832); a number without a country code is read in the region given (e.g. 'GB'). Null when it is not a valid number.", "phone_e164(contact.phone, 'GB')"),
];
