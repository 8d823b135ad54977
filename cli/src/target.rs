//! The request every file is checked against: the target and node policy
//! from the flags, the rest from each manifest.

use kata_annotations::node_config;
use kata_annotations::shim::Shim;
use kata_annotations::version::Version;
use kata_annotations::Request;

use crate::args::TargetArgs;
use crate::CliError;

/// The base request for `args`: the shim, the release and the node policy.
pub fn base_request(args: &TargetArgs) -> Result<Request, CliError> {
    let mut request = Request::default();
    if let Some(text) = &args.kata_version {
        request.kata_version = text
            .parse::<Version>()
            .map_err(|e| CliError::Usage(format!("--kata-version {text}: {e}")))?;
    }
    if let Some(name) = &args.shim {
        let name = name.strip_prefix("kata-").unwrap_or(name);
        let shim = Shim::find(name).ok_or_else(|| {
            CliError::Usage(format!(
                "--shim {name}: no kata-deploy shim has that name (e.g. qemu-runtime-rs, qemu, clh, qemu-tdx)"
            ))
        })?;
        request.set_shim(shim);
    }
    if let Some(path) = &args.node_config {
        let text = std::fs::read_to_string(path).map_err(|source| CliError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let config = node_config::read(&text, request.target().hypervisor)
            .map_err(|e| CliError::Usage(format!("--node-config {}: {e}", path.display())))?;
        request.policy = Some(config.policy);
    }
    Ok(request)
}
