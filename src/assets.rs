//! Static files embedded in the binary and served at content-hashed URLs with a year-long,
//! immutable cache: `/static/app.3f2a1b9c.css`. Nothing is fetched from the Internet.

use std::collections::HashMap;
use std::sync::OnceLock;

use maud::{Markup, PreEscaped};
use poem::http::{StatusCode, header};
use poem::web::Path;
use poem::{IntoResponse, Response, handler};
use sha2::{Digest, Sha256};

struct Asset {
    name: &'static str,
    bytes: &'static [u8],
    content_type: &'static str,
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "htmx.min.js",
        bytes: include_bytes!("../static/htmx.min.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    Asset { name: "app.js", bytes: include_bytes!("../static/app.js"), content_type: "text/javascript; charset=utf-8" },
    Asset { name: "app.css", bytes: include_bytes!("../static/app.css"), content_type: "text/css; charset=utf-8" },
    Asset {
        name: "till.js",
        bytes: include_bytes!("../static/till.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    Asset { name: "till.css", bytes: include_bytes!("../static/till.css"), content_type: "text/css; charset=utf-8" },
    Asset { name: "favicon.svg", bytes: include_bytes!("../static/favicon.svg"), content_type: "image/svg+xml" },
];

/// name → hashed file name, and hashed file name → asset.
struct Index {
    urls: HashMap<&'static str, String>,
    by_hashed: HashMap<String, &'static Asset>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut urls = HashMap::new();
        let mut by_hashed = HashMap::new();
        for asset in ASSETS {
            let digest = Sha256::digest(asset.bytes);
            let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
            let hashed = match asset.name.split_once('.') {
                Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
                None => format!("{}.{hash}", asset.name),
            };
            urls.insert(asset.name, format!("/static/{hashed}"));
            by_hashed.insert(hashed, asset);
        }
        Index { urls, by_hashed }
    })
}

/// The URL of an embedded file, e.g. `url("app.css")` → `/static/app.1a2b3c4d5e.css`.
pub fn url(name: &str) -> &'static str {
    index().urls.get(name).map(String::as_str).unwrap_or("/static/missing")
}

#[handler]
pub fn serve(Path(file): Path<String>) -> Response {
    match index().by_hashed.get(&file) {
        Some(asset) => Response::builder()
            .header(header::CONTENT_TYPE, asset.content_type)
            .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
            .body(asset.bytes),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The shop's mark, inline so the header never waits for a request.
pub fn logo() -> Markup {
    PreEscaped(
        r##"<svg class="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true"><path d="M4 20c0-7 5-12 12-12s12 5 12 12v2H4z" fill="#c8873a"/><path d="M9 14l3 4M16 11v6M23 14l-3 4" stroke="#fff3e0" stroke-width="2" stroke-linecap="round"/><rect x="3" y="22" width="26" height="4" rx="2" fill="#8a5a2b"/></svg>"##
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_has_a_hashed_url_that_serves_it() {
        for asset in ASSETS {
            let u = url(asset.name);
            assert!(u.starts_with("/static/") && u != "/static/missing", "{u}");
            let file = u.trim_start_matches("/static/");
            assert!(index().by_hashed.contains_key(file));
        }
        assert_eq!(url("nope.js"), "/static/missing");
    }
}
