//! Who hears of requests the sandbox receives; the sandbox does not know the listener.

use super::model::SandboxRequest;

pub trait SandboxListener: Send + Sync + 'static {
    /// The sandbox received a request (already masked).
    fn request_received(&self, request: SandboxRequest);
}
