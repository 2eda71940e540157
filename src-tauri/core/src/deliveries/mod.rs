//! The API Deliveries log: filtered, newest-first pages of deliveries (keyset pagination).

mod list;

pub use list::{list_deliveries, DeliveryCursor, DeliveryFilter, DeliveryPage};
