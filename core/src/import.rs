//! Import of existing manifests (placeholder: being written).
