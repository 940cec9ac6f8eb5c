//! The schema: a new database and an upgraded one are the same; a newer one is refused.

use fournil::db::{Db, migrate};
use rusqlite::Connection;

/// schema.sql as shipped in each release, frozen at release time.
const RELEASED: &[(i64, &str)] = &[
    (1, include_str!("../fixtures/schema_v1.sql")),
    (2, include_str!("../fixtures/schema_v2.sql")),
    (3, include_str!("../fixtures/schema_v3.sql")),
    (4, include_str!("../fixtures/schema_v4.sql")),
    (5, include_str!("../fixtures/schema_v5.sql")),
    (6, include_str!("../fixtures/schema_v6.sql")),
    (7, include_str!("../fixtures/schema_v7.sql")),
    (8, include_str!("../fixtures/schema_v8.sql")),
    (9, include_str!("../fixtures/schema_v9.sql")),
];

/// Every table's columns (name, type, notnull, default, pk), indexes and triggers, sorted.
fn shape(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    let mut tables =
        conn.prepare("SELECT name, type, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").unwrap();
    let rows: Vec<(String, String, Option<String>)> =
        tables.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    for (name, kind, sql) in rows {
        if kind == "table" {
            let mut cols = conn
                .prepare(&format!("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{name}')"))
                .unwrap();
            let cols: Vec<String> = cols
                .query_map([], |r| {
                    Ok(format!(
                        "{name}.{} {} nn={} default={:?} pk={}",
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, i64>(4)?
                    ))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            out.extend(cols);
        } else {
            out.push(format!(
                "{kind} {name}: {}",
                sql.unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn every_released_schema_upgrades_to_schema_sql() {
    let mut fresh = Connection::open_in_memory().unwrap();
    migrate::run(&mut fresh).unwrap();
    assert_eq!(migrate::version(&fresh).unwrap(), migrate::LATEST);
    for (version, sql) in RELEASED {
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(sql).unwrap();
        old.pragma_update(None, "user_version", version).unwrap();
        migrate::run(&mut old).unwrap();
        assert_eq!(shape(&old), shape(&fresh), "upgrade from v{version} drifted from schema.sql");
    }
    assert_eq!(
        RELEASED.last().unwrap().0,
        migrate::LATEST,
        "freeze schema.sql as tests/fixtures/schema_vN.sql at each release"
    );
}

#[test]
fn a_database_from_a_newer_fournil_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fournil.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE futur (x INTEGER);").unwrap();
        conn.pragma_update(None, "user_version", migrate::LATEST + 1).unwrap();
    }
    let err = Db::open(&path).err().expect("must refuse").to_string();
    assert!(err.contains("plus récent"), "{err}");
    let conn = Connection::open(&path).unwrap();
    assert_eq!(migrate::version(&conn).unwrap(), migrate::LATEST + 1);
    let tables: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).unwrap();
    assert_eq!(tables, 1, "nothing was created in it");
}

#[test]
fn opening_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fournil.db");
    drop(Db::open(&path).unwrap());
    let db = Db::open(&path).unwrap();
    let users: i64 = db.read_sync(|c| Ok(c.query_row("SELECT count(*) FROM roles", [], |r| r.get(0))?)).unwrap();
    assert_eq!(users, 4);
}
