//! scratch
use kata_annotations::request::*;
use kata_annotations::target::*;
#[test]
fn show() {
    let mut r = Request::default();
    r.annotations.insert("io.katacontainers.config.hypervisor.default_memory".into(), "4096".into());
    r.annotations.insert("io.katacontainers.config.hypervisor.enable_hugepages".into(), "true".into());
    r.annotations.insert("io.katacontainers.config.hypervisor.path".into(), "/opt/kata/bin/qemu-custom".into());
    r.annotations.insert("sgx.intel.com/epc".into(), "1Mi".into());
    r.runtime = Runtime::Go;
    r.containerd.runtime_path = true; r.containerd.config_path = true;
    for v in [1u8,2] { r.containerd.config_version = v; println!("{}", kata_annotations::render::containerd::snippet(&r).unwrap()); }
    r.containerd.forwarding = Forwarding::Wildcard;
    println!("{}", kata_annotations::render::containerd::snippet(&r).unwrap());
    let d = kata_annotations::render::kata::drop_in(&r).unwrap();
    println!("{}\n{}", d.path, d.toml);
    println!("{}", kata_annotations::render::kata::helm_values(&r).unwrap());
    println!("{}", kata_annotations::render::crio::note(&r).unwrap());
}
