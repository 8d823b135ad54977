//! Prints everything generated for a request read as JSON from stdin:
//! `echo '{"annotations":{...}}' | cargo run -p kata-annotations --example render`.

use std::io::Read;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let request: kata_annotations::Request = serde_json::from_str(&input)?;
    let rendered = kata_annotations::render(&request)?;
    println!("# manifest\n{}", rendered.manifest);
    println!("# containerd\n{}", rendered.containerd);
    println!(
        "# {}\n{}",
        rendered.kata_drop_in_path, rendered.kata_drop_in
    );
    println!("# helm values\n{}", rendered.helm_values);
    println!("# CRI-O\n{}", rendered.crio);
    for d in kata_annotations::validate(&request).diagnostics {
        println!(
            "{} {:?} {} {}",
            d.code.as_str(),
            d.severity,
            d.key.unwrap_or_default(),
            d.message
        );
    }
    Ok(())
}
