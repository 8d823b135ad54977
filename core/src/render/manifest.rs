//! The workload manifest (placeholder: being written).

use crate::request::Request;
use crate::Error;

/// The manifest YAML.
pub fn manifest(_request: &Request) -> Result<String, Error> {
    Ok(String::new())
}
