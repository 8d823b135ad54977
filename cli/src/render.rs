//! `render`: one generated file for a request read as JSON or YAML.

use std::io::Read;

use kata_annotations::render::{find, render_output, OUTPUTS};
use kata_annotations::Request;

use crate::args::RenderArgs;
use crate::CliError;

/// Reads the request and prints the output; 2 when either is unusable.
pub fn run(args: &RenderArgs) -> Result<u8, CliError> {
    if find(&args.output).is_none() {
        let ids: Vec<&str> = OUTPUTS.iter().map(|o| o.id).collect();
        return Err(CliError::Usage(format!(
            "--output {}: the outputs are {}",
            args.output,
            ids.join(", ")
        )));
    }
    let path = args.request.display().to_string();
    let io = |source| CliError::Io {
        path: path.clone(),
        source,
    };
    let mut text = String::new();
    if args.request.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text).map_err(io)?;
    } else {
        text = std::fs::read_to_string(&args.request).map_err(io)?;
    }
    // JSON is YAML, so one reader takes both.
    let request: Request = serde_yaml::from_str(&text)
        .map_err(|e| CliError::Usage(format!("{path}: not a request: {e}")))?;
    let output = render_output(&args.output, &request)
        .map_err(|e| CliError::Usage(format!("cannot write the {}: {e}", args.output)))?;
    print!("{output}");
    Ok(0)
}
