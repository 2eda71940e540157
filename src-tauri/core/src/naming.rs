//! Unique names ignore case, for every alphabet: SQLite's NOCASE folds ASCII only, so each
//! named table stores this key with a UNIQUE index.

pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Names for a copy, in the order to try: "X (copy)", "X (copy 2)", …
pub fn copy_names(base: &str) -> impl Iterator<Item = String> + '_ {
    (1..).map(move |n| {
        if n == 1 {
            format!("{base} (copy)")
        } else {
            format!("{base} (copy {n})")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_beyond_ascii() {
        assert_eq!(name_key(" Ärzte CRM "), name_key("ärzte crm"));
        assert_eq!(name_key("ΑΘΗΝΑ"), name_key("αθηνα"));
    }
}
