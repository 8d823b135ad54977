use kata_e2e::{dist_dir, Browser, StaticServer};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
#[tokio::test]
async fn measure() {
    let server = StaticServer::start(&dist_dir(), &[]).unwrap();
    let browser = Browser::start().await.unwrap();
    browser.client.goto(server.url()).await.unwrap();
    browser.find("#search").await.unwrap();
    browser.client.set_window_size(1000, 600).await.unwrap();
    browser.eval("document.querySelectorAll('details.group').forEach(d => d.open = true); scrollTo(0, 2000); document.getElementById('tab-manifest').focus({preventScroll: true}); return true").await.unwrap();
    for _ in 0..14 {
        let t: char = Key::Tab.into();
        browser.client.perform_actions(KeyActions::new("k".into()).then(KeyAction::Down{value:t}).then(KeyAction::Up{value:t})).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let v = browser.eval("const el = document.activeElement; const r = el.getBoundingClientRect(); const hit = document.elementFromPoint(r.left + r.width/2, r.top + r.height/2); return [el.id || el.tagName, Math.round(r.top), Math.round(r.bottom), scrollY, !!hit && (hit === el || el.contains(hit))]").await.unwrap();
        eprintln!("{v}");
    }
    browser.close().await;
}
