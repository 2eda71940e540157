// Rebuild when a migration is added, since they are embedded with `sqlx::migrate!`.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
