//! The thin slice: type annotations into the page, read the YAML it renders.

use fantoccini::Locator;
use kata_e2e::{dist_dir, Browser, StaticServer};

async fn open_app() -> (StaticServer, Browser) {
    let server = StaticServer::start(&dist_dir(), &[]).expect("dist/ is served");
    let browser = Browser::start().await.expect("browser starts");
    browser.client.goto(server.url()).await.expect("page loads");
    (server, browser)
}

#[tokio::test]
async fn typed_annotations_render_as_quoted_yaml() {
    let (_server, browser) = open_app().await;
    let input = browser.find("#annotations-input").await.expect("input");
    input.clear().await.expect("clear");
    input
        .send_keys("io.katacontainers.config.agent.enable_tracing=true\nio.katacontainers.config.hypervisor.default_vcpus=2")
        .await
        .expect("type");
    let yaml = browser
        .wait_text("#yaml-output", |t| t.contains("default_vcpus"))
        .await
        .expect("output updates");
    assert_eq!(
        yaml.trim_end(),
        "io.katacontainers.config.agent.enable_tracing: 'true'\nio.katacontainers.config.hypervisor.default_vcpus: '2'"
    );
    let errors = browser.console_errors().await.expect("logs");
    assert!(errors.is_empty(), "console errors: {errors:?}");
    browser.screenshot("pipeline").await.expect("screenshot");
    browser.close().await;
}

#[tokio::test]
async fn a_line_without_equals_is_reported_not_dropped() {
    let (_server, browser) = open_app().await;
    let input = browser.find("#annotations-input").await.expect("input");
    input.clear().await.expect("clear");
    input.send_keys("just-a-key").await.expect("type");
    let problems = browser
        .wait_text("#rejected-lines", |t| t.contains("line 1"))
        .await
        .expect("problem shown");
    assert!(problems.contains("just-a-key"), "{problems}");
    let kept = browser
        .client
        .find(Locator::Css("#annotations-input"))
        .await
        .expect("input")
        .prop("value")
        .await
        .expect("value");
    assert_eq!(kept.as_deref(), Some("just-a-key"));
    browser.close().await;
}
