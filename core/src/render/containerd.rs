//! The containerd runtime snippet (placeholder: being written).

use crate::request::Request;
use crate::Error;

/// The `[plugins...runtimes.<handler>]` table for the request.
pub fn snippet(_request: &Request) -> Result<String, Error> {
    Ok(String::new())
}
