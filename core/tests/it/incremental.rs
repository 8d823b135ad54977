//! The remembering validator (`validate::Validator`, what the configurator
//! calls after every keystroke) gives the same report as a fresh `validate`
//! after every edit of a sequence: values, keys added and removed, the
//! shim, the release and the node policy changing under it.

use kata_annotations::catalog::ANNOTATIONS;
use kata_annotations::policy::PolicyInput;
use kata_annotations::shim::SHIMS;
use kata_annotations::validate::Validator;
use kata_annotations::version::Version;
use kata_annotations::{validate, Request};
use proptest::prelude::*;

/// Keys the edits touch: catalog keys (the block-device switch other keys'
/// verdicts read among them), a mistyped one and someone else's.
fn keys() -> Vec<String> {
    let mut keys: Vec<String> = ANNOTATIONS
        .iter()
        .step_by(3)
        .map(|a| a.key.to_owned())
        .collect();
    keys.push("io.katacontainers.config.hypervisor.disable_block_device_use".to_owned());
    keys.push("io.katacontainers.config.hypervisor.block_device_driver".to_owned());
    keys.push("io.katacontainers.config.hypervisor.default_memory".to_owned());
    keys.push("io.katacontainers.config.hypervisor.defualt_memory".to_owned());
    keys.push("example.com/owner".to_owned());
    keys
}

#[derive(Debug, Clone)]
enum Edit {
    Set(usize, String),
    Remove(usize),
    Shim(usize),
    Release(usize),
    EnableOnly(Vec<usize>),
    EnableAll,
    NoPolicy,
}

fn edit() -> impl Strategy<Value = Edit> {
    let value = prop_oneof![
        Just("true".to_owned()),
        Just("false".to_owned()),
        Just("virtio-blk".to_owned()),
        Just("virtio-blk-mmio".to_owned()),
        Just("2048".to_owned()),
        Just("0".to_owned()),
        Just(String::new()),
        "[a-z0-9=_./-]{0,10}",
    ];
    prop_oneof![
        6 => (0usize..1000, value.clone()).prop_map(|(k, v)| Edit::Set(k, v)),
        // The last keys of `keys()` are the block-device switch and the
        // keys whose verdicts read it: edit them often.
        3 => (0usize..5, value).prop_map(|(k, v)| Edit::Set(usize::MAX - k, v)),
        2 => (0usize..1000).prop_map(Edit::Remove),
        1 => (0usize..1000).prop_map(Edit::Shim),
        1 => (0usize..1000).prop_map(Edit::Release),
        1 => proptest::collection::vec(0usize..1000, 0..4).prop_map(Edit::EnableOnly),
        1 => Just(Edit::NoPolicy),
        1 => Just(Edit::EnableAll),
    ]
}

fn apply(request: &mut Request, edit: &Edit, keys: &[String]) {
    let releases: Vec<Version> = Version::releases().collect();
    match edit {
        Edit::Set(k, v) => {
            // `usize::MAX - i` picks the i-th key from the end.
            let index = if *k > usize::MAX - 8 {
                keys.len() - 1 - (usize::MAX - k)
            } else {
                k % keys.len()
            };
            request.annotations.insert(keys[index].clone(), v.clone());
        }
        Edit::Remove(k) => {
            request.annotations.remove(&keys[k % keys.len()]);
        }
        Edit::Shim(s) => request.set_shim(&SHIMS[s % SHIMS.len()]),
        Edit::EnableAll => {
            request.policy = Some(PolicyInput {
                enable_annotations: Some(vec![".*".to_owned()]),
                ..PolicyInput::default()
            })
        }
        Edit::Release(r) => request.kata_version = releases[r % releases.len()],
        Edit::EnableOnly(picks) => {
            request.policy = Some(PolicyInput {
                enable_annotations: Some(
                    picks
                        .iter()
                        .map(|p| {
                            let key = &keys[p % keys.len()];
                            key.rsplit('.').next().unwrap_or(key).to_owned()
                        })
                        .collect(),
                ),
                ..PolicyInput::default()
            })
        }
        Edit::NoPolicy => request.policy = None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn remembering_validator_agrees_with_a_fresh_one(edits in proptest::collection::vec(edit(), 1..40)) {
        let keys = keys();
        let mut request = Request::default();
        let mut validator = Validator::default();
        for edit in &edits {
            apply(&mut request, edit, &keys);
            prop_assert_eq!(validator.validate(&request), validate(&request), "after {:?}", edit);
        }
    }
}

/// An edit of the block-device switch changes the verdict of another key
/// the validator had remembered (runtime-rs rejects a block driver when
/// block devices are off, `plugins.rs`).
#[test]
fn an_edit_of_a_context_key_reaches_remembered_keys() {
    let mut request = Request::default();
    request.set_shim(
        SHIMS
            .iter()
            .find(|s| s.name == "qemu-runtime-rs")
            .expect("shim"),
    );
    request.annotations.insert(
        "io.katacontainers.config.hypervisor.block_device_driver".to_owned(),
        "virtio-blk-mmio".to_owned(),
    );
    request.policy = Some(PolicyInput {
        enable_annotations: Some(vec![".*".to_owned()]),
        ..PolicyInput::default()
    });
    let mut validator = Validator::default();
    let before = validator.validate(&request);
    request.annotations.insert(
        "io.katacontainers.config.hypervisor.disable_block_device_use".to_owned(),
        "true".to_owned(),
    );
    let after = validator.validate(&request);
    assert_eq!(after, validate(&request));
    let driver = "io.katacontainers.config.hypervisor.block_device_driver";
    let findings = |report: &kata_annotations::Report| -> Vec<kata_annotations::Diagnostic> {
        report.for_key(driver).cloned().collect()
    };
    assert_ne!(findings(&before), findings(&after), "{after:?}");
}
