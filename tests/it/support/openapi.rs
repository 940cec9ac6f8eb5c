//! Every answer of the JSON API made through `call` is checked against the OpenAPI document the
//! app serves: its status must be listed for the operation, its body must match the schema (the
//! subset poem-openapi emits: `$ref`, `allOf`, `oneOf`, objects, arrays, scalars, `nullable`).

use std::sync::OnceLock;

use serde_json::Value;

static DOCUMENT: OnceLock<Value> = OnceLock::new();

/// The document, read once per test run from the app itself.
pub async fn document(t: &super::TestApp) -> &'static Value {
    if let Some(doc) = DOCUMENT.get() {
        return doc;
    }
    let resp = t.http.get("/api/v1/openapi.json").send().await;
    let text = resp.0.into_body().into_string().await.unwrap();
    let doc: Value = serde_json::from_str(&text).expect("openapi.json is JSON");
    DOCUMENT.get_or_init(|| doc)
}

/// Panics, naming the operation, when an answer is not what the document says.
pub fn check(doc: &Value, method: &str, path: &str, status: u16, body: &Value) {
    let path = path.split('?').next().unwrap_or(path);
    let Some((template, op)) = operation(doc, method, path) else {
        // A path the API does not have: 404 in the envelope, and nothing to compare with.
        assert_eq!(status, 404, "{method} /api/v1{path}: no such operation in the OpenAPI document");
        return;
    };
    let responses = &op["responses"];
    let Some(resp) = responses.get(status.to_string()) else {
        let listed: Vec<&String> = responses.as_object().map(|o| o.keys().collect()).unwrap_or_default();
        panic!("{method} {template}: answered {status}, the document lists {listed:?}");
    };
    let schema = &resp["content"]["application/json; charset=utf-8"]["schema"];
    let schema = if schema.is_null() { &resp["content"]["application/json"]["schema"] } else { schema };
    if schema.is_null() {
        return;
    }
    let mut problems = Vec::new();
    validate(doc, schema, body, "$", &mut problems);
    assert!(
        problems.is_empty(),
        "{method} {template} {status}: the answer does not match the document: {problems:#?}\n{body}"
    );
}

/// The operation whose path template matches `path` (`/sales/{id}` matches `/sales/12`).
fn operation<'a>(doc: &'a Value, method: &str, path: &str) -> Option<(&'a str, &'a Value)> {
    let want: Vec<&str> = path.trim_matches('/').split('/').collect();
    let mut best: Option<(&str, &Value, usize)> = None;
    for (template, item) in doc["paths"].as_object()? {
        let have: Vec<&str> = template.trim_start_matches("/api/v1").trim_matches('/').split('/').collect();
        if have.len() != want.len() {
            continue;
        }
        let fits = have.iter().zip(&want).all(|(h, w)| h == w || (h.starts_with('{') && h.ends_with('}')));
        let literal = have.iter().filter(|h| !h.starts_with('{')).count();
        let op = &item[method.to_lowercase()];
        if fits && !op.is_null() && best.is_none_or(|b| literal > b.2) {
            best = Some((template.as_str(), op, literal));
        }
    }
    best.map(|(t, op, _)| (t, op))
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap_or(r);
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => schema,
    }
}

fn validate(doc: &Value, schema: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
    let nullable = schema["nullable"].as_bool() == Some(true);
    if v.is_null() && nullable {
        return;
    }
    let schema = resolve(doc, schema);
    if let Some(all) = schema["allOf"].as_array() {
        for s in all {
            validate(doc, s, v, at, out);
        }
        return;
    }
    if let Some(any) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        let fits = any.iter().any(|s| {
            let mut p = Vec::new();
            validate(doc, s, v, at, &mut p);
            p.is_empty()
        });
        if !fits {
            out.push(format!("{at}: fits none of the alternatives"));
        }
        return;
    }
    if v.is_null() && schema["nullable"].as_bool() == Some(true) {
        return;
    }
    let ok = match schema["type"].as_str() {
        None => true,
        Some("object") => v.is_object(),
        Some("array") => v.is_array(),
        Some("string") => v.is_string(),
        Some("integer") => v.is_i64() || v.is_u64(),
        Some("number") => v.is_number(),
        Some("boolean") => v.is_boolean(),
        Some(_) => true,
    };
    if !ok {
        out.push(format!("{at}: {v} is not of type {}", schema["type"]));
        return;
    }
    if let Some(values) = schema["enum"].as_array()
        && !values.contains(v)
    {
        out.push(format!("{at}: {v} is not one of {values:?}"));
    }
    if let (Some(items), Some(list)) = (schema.get("items"), v.as_array()) {
        for (i, item) in list.iter().enumerate() {
            validate(doc, items, item, &format!("{at}[{i}]"), out);
        }
    }
    if let Some(obj) = v.as_object() {
        for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !obj.contains_key(name) {
                out.push(format!("{at}.{name}: required, absent"));
            }
        }
        if let Some(props) = schema["properties"].as_object() {
            for (name, value) in obj {
                match props.get(name) {
                    Some(s) => validate(doc, s, value, &format!("{at}.{name}"), out),
                    None if schema["additionalProperties"].is_object() => {
                        validate(doc, &schema["additionalProperties"], value, &format!("{at}.{name}"), out)
                    }
                    None => out.push(format!("{at}.{name}: not in the document")),
                }
            }
        } else if let Some(extra) = schema.get("additionalProperties").filter(|s| s.is_object()) {
            for (name, value) in obj {
                validate(doc, extra, value, &format!("{at}.{name}"), out);
            }
        }
    }
}
