//! Times `validate` natively on the request `cargo xtask perf` saved, for
//! `tests/perf/load.mjs`, which runs it between its rounds of `validate` in
//! wasm so that both figures come from the same minutes of a machine whose
//! speed drifts.
//!
//! Usage: `validate-native FILE BATCHES`: FILE is the report's
//! `target/perf-validate.json` (`{"request": …}`); prints a JSON array of
//! per-call milliseconds, one per batch of [`BATCH`] calls.

use kata_annotations::Request;

/// Calls per timed batch: a call takes about 0.1 ms, and a batch should be
/// far above the clock's resolution.
const BATCH: usize = 20;

fn main() -> std::process::ExitCode {
    match run() {
        Ok(times) => {
            println!("{}", serde_json::Value::from(times));
            std::process::ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("validate-native: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<Vec<f64>, String> {
    let mut args = std::env::args().skip(1);
    let (Some(file), Some(batches)) = (args.next(), args.next()) else {
        return Err("usage: validate-native FILE BATCHES".into());
    };
    let batches: usize = batches
        .parse()
        .map_err(|e| format!("BATCHES {batches:?}: {e}"))?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?;
    let saved: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    let request: Request = serde_json::from_value(saved["request"].clone())
        .map_err(|e| format!("{file}: the request: {e}"))?;
    Ok(kata_e2e::time_validate_natively(&request, batches, BATCH))
}
