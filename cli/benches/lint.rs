//! `cargo bench -p kata-annotations-cli`: lints a generated corpus of 10,000
//! manifests (every workload kind, with and without Kata annotations, about
//! 20 MB) the way `kata-annotations lint` does, on 1 and on 2 threads, next
//! to the time serde_yaml alone takes to parse the same files. A report,
//! never a pass/fail: the machine is noisy, so each figure is the best of
//! three runs.

use std::time::{Duration, Instant};

use kata_annotations::import::import_bytes;
use kata_annotations::Request;
use rayon::prelude::*;

const FILES: usize = 10_000;
const RUNS: usize = 3;

/// One manifest of `kind` (index `i` varies names and values).
fn manifest(i: usize) -> String {
    let kinds = [
        "Pod",
        "Deployment",
        "StatefulSet",
        "DaemonSet",
        "ReplicaSet",
        "Job",
        "CronJob",
    ];
    let kind = kinds[i % kinds.len()];
    let annotations = if i % 3 == 0 {
        String::new()
    } else {
        format!(
            "      annotations:\n        io.katacontainers.config.hypervisor.default_memory: \"{}\"\n        io.katacontainers.config.hypervisor.default_vcpus: \"{}\"\n        io.katacontainers.config.runtime.disable_guest_seccomp: \"false\"\n        io.katacontainers.config.agent.kernel_modules: \"e1000e InterruptThrottleRate=3000\"\n        prometheus.io/scrape: \"true\"\n",
            2048 + i % 4096,
            1 + i % 8
        )
    };
    // Padding that real manifests carry: env, ports, probes, volumes.
    let env: String = (0..24)
        .map(|n| format!("        - name: VAR_{n}\n          value: \"value-{i}-{n}\"\n"))
        .collect();
    let pod = format!(
        "    metadata:\n      labels:\n        app: app-{i}\n{annotations}    spec:\n      runtimeClassName: kata-qemu\n      containers:\n      - name: app\n        image: registry.example/app:{i}\n        ports:\n        - containerPort: 8080\n        env:\n{env}        resources:\n          limits:\n            cpu: \"2\"\n            memory: 2Gi\n"
    );
    let header = |api: &str| {
        format!(
            "apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: app-{i}\n  namespace: team-{}\n",
            i % 50
        )
    };
    match kind {
        "Pod" => format!(
            "{}{}",
            header("v1"),
            pod.replace("\n    ", "\n")
                .trim_start_matches("    ")
                .replacen("metadata:\n  labels", "  labels", 1)
        ),
        "Job" => format!("{}spec:\n  template:\n{pod}", header("batch/v1")),
        "CronJob" => {
            format!(
            "{}spec:\n  schedule: \"*/5 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n{}",
            header("batch/v1"),
            pod.lines().map(|l| format!("    {l}\n")).collect::<String>()
        )
        }
        _ => format!(
            "{}spec:\n  selector:\n    matchLabels:\n      app: app-{i}\n  template:\n{pod}",
            header("apps/v1")
        ),
    }
}

fn best<T>(mut run: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = run();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

fn report(what: &str, time: Duration, bytes: usize) {
    let seconds = time.as_secs_f64();
    println!(
        "{what:<34} {:>8.1} ms  {:>9.0} files/s  {:>6.1} MB/s",
        seconds * 1000.0,
        FILES as f64 / seconds,
        bytes as f64 / 1e6 / seconds
    );
}

fn main() {
    let corpus: Vec<Vec<u8>> = (0..FILES).map(|i| manifest(i).into_bytes()).collect();
    let bytes: usize = corpus.iter().map(Vec::len).sum();
    println!("corpus: {FILES} manifests, {:.1} MB", bytes as f64 / 1e6);
    let base = Request::default();
    let pool = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a pool")
    };
    let (parse, docs) = best(|| {
        corpus
            .iter()
            .map(|file| {
                serde_yaml::Deserializer::from_slice(file)
                    .map(<serde_yaml::Value as serde::Deserialize>::deserialize)
                    .filter(Result::is_ok)
                    .count()
            })
            .sum::<usize>()
    });
    assert_eq!(docs, FILES, "every manifest parses");
    let lint = |threads: usize| {
        pool(threads).install(|| {
            corpus
                .par_iter()
                .map(|file| import_bytes(file, &base).map_or(1, |i| i.report.diagnostics.len()))
                .sum::<usize>()
        })
    };
    let (one, findings) = best(|| lint(1));
    let (two, _) = best(|| lint(2));
    report("serde_yaml parse only, 1 thread", parse, bytes);
    report("lint, 1 thread", one, bytes);
    report("lint, 2 threads", two, bytes);
    println!("findings: {findings}");
    println!(
        "lint / bare parse (1 thread): {:.2}×   (target ≤ 1.5×)",
        one.as_secs_f64() / parse.as_secs_f64()
    );
    println!(
        "1 thread / 2 threads: {:.2}×   (target ≥ 2×; {} CPUs here)",
        one.as_secs_f64() / two.as_secs_f64(),
        std::thread::available_parallelism().map_or(1, usize::from)
    );
}
