//! Helpers shared by the integration tests.

use std::any::Any;

/// Returns the message of a caught panic; fails the test if there was no panic.
pub(crate) fn panic_message<T>(result: std::thread::Result<T>) -> String {
    let payload: Box<dyn Any + Send> = match result {
        Ok(_) => panic!("expected a panic"),
        Err(payload) => payload,
    };
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload
            .downcast::<&str>()
            .map(|s| s.to_string())
            .unwrap_or_else(|_| "<non-string panic>".into()),
    }
}
