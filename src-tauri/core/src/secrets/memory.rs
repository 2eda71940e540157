//! An in-memory secret store for unit tests, with a switch to act like a missing keyring.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{Secret, SecretError, SecretKey, SecretStore};

#[derive(Default)]
pub struct MemorySecretStore {
    entries: Mutex<HashMap<SecretKey, Secret>>,
    unavailable: AtomicBool,
    calls: AtomicUsize,
}

impl MemorySecretStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes every call fail the way an unreachable keyring does.
    pub fn set_unavailable(&self, unavailable: bool) {
        self.unavailable.store(unavailable, Ordering::SeqCst);
    }

    /// How many calls reached the store (reads included): proves a path never touched it.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn check(&self) -> Result<(), SecretError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.unavailable.load(Ordering::SeqCst) {
            Err(SecretError::Unavailable(
                "The test keyring is switched off".to_owned(),
            ))
        } else {
            Ok(())
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SecretKey, Secret>> {
        // A panic while holding this lock can only come from a failing test; keep going.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl SecretStore for MemorySecretStore {
    fn set(&self, key: &SecretKey, value: &Secret) -> Result<(), SecretError> {
        self.check()?;
        self.lock().insert(key.clone(), value.clone());
        Ok(())
    }

    fn get(&self, key: &SecretKey) -> Result<Option<Secret>, SecretError> {
        self.check()?;
        Ok(self.lock().get(key).cloned())
    }

    fn delete(&self, key: &SecretKey) -> Result<(), SecretError> {
        self.check()?;
        self.lock().remove(key);
        Ok(())
    }

    fn backend_name(&self) -> &'static str {
        "in-memory (tests)"
    }
}
