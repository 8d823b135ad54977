//! The CRI-O note (placeholder: being written).

use crate::request::Request;
use crate::Error;

/// The CRI-O note and handler table.
pub fn note(_request: &Request) -> Result<String, Error> {
    Ok(String::new())
}
