//! The node-config reader over arbitrary text: a pasted `configuration.toml`.
#![no_main]

use kata_annotations::node_config::read;
use kata_annotations::target::Hypervisor;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the hypervisor table to read; the rest is the text.
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let hypervisor = Hypervisor::ALL[usize::from(pick) % Hypervisor::ALL.len()];
    if let Ok(text) = std::str::from_utf8(rest) {
        let _ = read(text, hypervisor);
    }
});
